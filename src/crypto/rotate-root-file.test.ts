import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyRing } from './key-ring.js';
import { createLocalKms, rootKeyId } from './kms.js';
import { createMemoryKeyStore } from './memory-key-store.js';
import { createRootKeyFile, readRootKeyFile } from './root-key.js';
import { rotateRootKeyFile } from './rotate-root-file.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rotateRootKeyFile', () => {
  it('replaces the key file, keeps data readable, and can finish an interrupted run', async () => {
    const keyFile = join(dir, 'root.key');
    const oldRoot = createRootKeyFile(keyFile);
    const store = createMemoryKeyStore();
    const ring = createKeyRing({ kms: createLocalKms([oldRoot]), store });
    const ct = await ring.encrypt('tenant:acme', 'payload');

    // Simulate a run that created the next key, then stopped.
    const pending = createRootKeyFile(`${keyFile}.next`);
    const result = await rotateRootKeyFile({ store, keyFile });
    expect(result).toMatchObject({
      rewrapped: 1,
      previousRootKeyId: rootKeyId(oldRoot),
      rootKeyId: rootKeyId(pending),
    });
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    expect(readRootKeyFile(keyFile)).toEqual(pending);
    expect(readFileSync(keyFile, 'utf8')).not.toContain(oldRoot.toString('base64'));

    const after = createKeyRing({ kms: createLocalKms([readRootKeyFile(keyFile)]), store });
    expect(String(await after.decrypt(ct))).toBe('payload');
    const again = await rotateRootKeyFile({ store, keyFile });
    expect(again.rewrapped).toBe(1);
    expect(again.rootKeyId).not.toBe(result.rootKeyId);
  });
});
