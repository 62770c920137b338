import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { ROOT_KEY_BYTES } from './kms.js';

/** Environment variable that may carry the root key (base64 or hex of 32 bytes). */
export const ROOT_KEY_ENV = 'BULWARK_ROOT_KEY';

/** Parses a root key written as base64 (44 chars) or hex (64 chars); the value never enters an error. */
export function parseRootKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (key?.length !== ROOT_KEY_BYTES) throw new RangeError('the root key must be 32 bytes in base64 or hex');
  return key;
}

/** Reads a root key file; refuses one that group or others can read, as ssh does for private keys. */
export function readRootKeyFile(path: string): Buffer {
  const mode = statSync(path).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new Error(`root key file ${path} must not be readable by group or others (chmod 600)`);
  return parseRootKey(readFileSync(path, 'utf8'));
}

/** Creates a new random root key file with mode 0600; fails if the file exists. */
export function createRootKeyFile(path: string): Buffer {
  const key = randomBytes(ROOT_KEY_BYTES);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}

export interface LoadRootKeyOptions {
  /** Path of a root key file. */
  file?: string;
  /** Environment to read `BULWARK_ROOT_KEY` from (defaults to process.env). */
  env?: Record<string, string | undefined>;
}

/** The root key from a file if given, else from `BULWARK_ROOT_KEY`; throws when neither is there. */
export function loadRootKey(options: LoadRootKeyOptions): Buffer {
  if (options.file !== undefined) return readRootKeyFile(options.file);
  const fromEnv = (options.env ?? process.env)[ROOT_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseRootKey(fromEnv);
  throw new Error(`no root key: pass a root key file or set ${ROOT_KEY_ENV}`);
}
