import {
  existsSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  closeSync,
  fsyncSync,
} from 'node:fs';
import { createLocalKms, rootKeyId } from './kms.js';
import { createRootKeyFile, readRootKeyFile } from './root-key.js';
import { rotateRoot, type RotateRootResult } from './rotate.js';
import type { WrappedKeyStore } from './wrapped-key-store.js';

export interface RotateRootFileOptions {
  store: WrappedKeyStore;
  /** The current root key file; it is replaced by the new key. */
  keyFile: string;
}

export interface RotateRootFileResult extends RotateRootResult {
  previousRootKeyId: string;
}

/**
 * `bulwark keys rotate-root` for a root key kept in a file:
 * 1. write a new key to `<keyFile>.next` (or reuse it, when a previous run was interrupted),
 * 2. re-wrap every data key under it in one transaction (data itself is not re-encrypted),
 * 3. overwrite and delete the old key, then rename `.next` into place.
 * Interrupted between 2 and 3? Run it again: rows already under the new key are skipped.
 */
export async function rotateRootKeyFile({
  store,
  keyFile,
}: RotateRootFileOptions): Promise<RotateRootFileResult> {
  const nextFile = `${keyFile}.next`;
  const oldRoot = readRootKeyFile(keyFile);
  const newRoot = existsSync(nextFile) ? readRootKeyFile(nextFile) : createRootKeyFile(nextFile);
  const result = await rotateRoot({ store, kms: createLocalKms([newRoot, oldRoot]) });
  destroyFile(keyFile);
  renameSync(nextFile, keyFile);
  return { ...result, previousRootKeyId: rootKeyId(oldRoot) };
}

/** Overwrites a small key file with zeros before unlinking it (best effort on copy-on-write filesystems). */
function destroyFile(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
}
