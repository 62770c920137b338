import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalKms, rootKeyId } from './kms.js';
import { createRootKeyFile, loadRootKey, parseRootKey } from './root-key.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-root-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('root key', () => {
  it('creates a 0600 file and reads it back', () => {
    const path = join(dir, 'root.key');
    const key = createRootKeyFile(path);
    expect(loadRootKey({ file: path })).toEqual(key);
    expect(() => createRootKeyFile(path)).toThrow(); // never overwrites
  });

  it('refuses a key file readable by others', () => {
    const path = join(dir, 'loose.key');
    writeFileSync(path, randomBytes(32).toString('base64'));
    chmodSync(path, 0o644);
    expect(() => loadRootKey({ file: path })).toThrow(/chmod 600/);
  });

  it('reads BULWARK_ROOT_KEY in base64 or hex and rejects other lengths without echoing the value', () => {
    const key = randomBytes(32);
    expect(loadRootKey({ env: { BULWARK_ROOT_KEY: key.toString('base64') } })).toEqual(key);
    expect(loadRootKey({ env: { BULWARK_ROOT_KEY: key.toString('hex') } })).toEqual(key);
    const short = randomBytes(16).toString('hex');
    expect(() => parseRootKey(short)).toThrow(/32 bytes/);
    try {
      parseRootKey(short);
    } catch (e) {
      expect(String(e)).not.toContain(short);
    }
    expect(() => loadRootKey({ env: {} })).toThrow(/no root key/);
  });

  it('names root keys by a one-way id and unwraps only with the right one', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(rootKeyId(a)).not.toBe(rootKeyId(b));
    expect(rootKeyId(a)).not.toContain(a.toString('hex').slice(0, 8));
    const kmsA = createLocalKms([a]);
    const { wrapped, rootKeyId: id } = await kmsA.wrap(Buffer.alloc(32, 7), 'ctx');
    expect(await kmsA.unwrap(wrapped, id, 'ctx')).toEqual(Buffer.alloc(32, 7));
    await expect(kmsA.unwrap(wrapped, id, 'other ctx')).rejects.toThrow();
    await expect(createLocalKms([b]).unwrap(wrapped, id, 'ctx')).rejects.toThrow(/not loaded/);
  });
});
