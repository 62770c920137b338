import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-shred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filesHold = (needle: Buffer) =>
  readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(needle));

describe('SQLite data key deletion', () => {
  it('leaves no copy of a deleted wrapped key in the database file or its WAL', async () => {
    const storage = openSqliteStorage({ path: join(dir, 'bulwark.db') });
    const wrapped = randomBytes(60);
    await storage.dataKeys.insertIfAbsent({
      keyId: 'dk_victim',
      subject: 'subject:acme:u1',
      rootKeyId: 'rk_x',
      wrapped,
      createdAt: new Date().toISOString(),
    });
    for (let i = 0; i < 20; i++)
      await storage.dataKeys.insertIfAbsent({
        keyId: `dk_${i}`,
        subject: `tenant:t${i}`,
        rootKeyId: 'rk_x',
        wrapped: randomBytes(60),
        createdAt: new Date().toISOString(),
      });
    expect(filesHold(wrapped)).toBe(true); // the probe can see it while it exists
    expect(await storage.dataKeys.deleteBySubject('subject:acme:u1')).toBe(1);
    expect(filesHold(wrapped)).toBe(false);
    await storage.close();
    expect(filesHold(wrapped)).toBe(false);
  });
});
