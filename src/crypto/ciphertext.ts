import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The versioned ciphertext format (v1), AES-256-GCM:
 *
 *   [0x01 version][key-id length: 1 byte][key id: ASCII][nonce: 12 bytes][ciphertext][tag: 16 bytes]
 *
 * The header (version, key id, nonce) is authenticated as additional data together with the caller's
 * AAD, so a ciphertext cannot be moved to another key, subject or context unnoticed.
 *
 * Nonces are 96 random bits per message. With random nonces NIST SP 800-38D §8.3 bounds one key to
 * 2^32 messages (nonce-collision probability ≤ 2^-32); data keys are per tenant or per subject, and a
 * key ring rotates to a fresh data key long before that (see `MAX_MESSAGES_PER_KEY`).
 */
export const CIPHERTEXT_VERSION = 1;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** Invocation bound for one data key with random 96-bit nonces (SP 800-38D §8.3). */
export const MAX_MESSAGES_PER_KEY = 2 ** 32;

export interface CiphertextHeader {
  version: number;
  keyId: string;
  nonce: Buffer;
}

export interface ParsedCiphertext extends CiphertextHeader {
  headerBytes: Buffer;
  body: Buffer;
  tag: Buffer;
}

function encodeHeader(keyId: string, nonce: Buffer): Buffer {
  const id = Buffer.from(keyId, 'ascii');
  if (id.length === 0 || id.length > 255 || !/^[\x21-\x7e]+$/.test(keyId)) throw new RangeError('bad key id');
  return Buffer.concat([Buffer.from([CIPHERTEXT_VERSION, id.length]), id, nonce]);
}

/** Reads the header without decrypting; throws a RangeError on any malformed input. */
export function parseCiphertext(data: Uint8Array): ParsedCiphertext {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 2) throw new RangeError('ciphertext too short');
  const version = buf[0]!;
  if (version !== CIPHERTEXT_VERSION) throw new RangeError('unsupported ciphertext version');
  const idLength = buf[1]!;
  const headerLength = 2 + idLength + NONCE_BYTES;
  if (idLength === 0 || buf.length < headerLength + TAG_BYTES) throw new RangeError('ciphertext too short');
  return {
    version,
    keyId: buf.subarray(2, 2 + idLength).toString('ascii'),
    nonce: buf.subarray(2 + idLength, headerLength),
    headerBytes: buf.subarray(0, headerLength),
    body: buf.subarray(headerLength, buf.length - TAG_BYTES),
    tag: buf.subarray(buf.length - TAG_BYTES),
  };
}

/** Encrypts with a fresh random nonce under `key` (32 bytes), labelled with `keyId`. */
export function seal(
  key: Uint8Array,
  keyId: string,
  plaintext: Uint8Array,
  aad: Uint8Array = new Uint8Array(),
) {
  const nonce = randomBytes(NONCE_BYTES);
  const header = encodeHeader(keyId, nonce);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/** Decrypts and authenticates; throws on a wrong key, wrong AAD or any modified byte. */
export function open(key: Uint8Array, parsed: ParsedCiphertext, aad: Uint8Array = new Uint8Array()): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.concat([parsed.headerBytes, aad]));
  decipher.setAuthTag(parsed.tag);
  return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
}
