/** Encryption at rest: key ring, envelope encryption, root-key rotation, crypto-shredding, FF1. */
export { seal, open, parseCiphertext, CIPHERTEXT_VERSION, MAX_MESSAGES_PER_KEY } from './ciphertext.js';
export type { CiphertextHeader, ParsedCiphertext } from './ciphertext.js';
export { createLocalKms, rootKeyId, ROOT_KEY_BYTES } from './kms.js';
export type { KmsAdapter } from './kms.js';
export { createRootKeyFile, loadRootKey, parseRootKey, readRootKeyFile, ROOT_KEY_ENV } from './root-key.js';
export type { LoadRootKeyOptions } from './root-key.js';
export { createKeyRing, dataKeyContext, subjects } from './key-ring.js';
export type { KeyRing, KeyRingOptions } from './key-ring.js';
export { rotateRoot } from './rotate.js';
export type { RotateRootOptions, RotateRootResult } from './rotate.js';
export type { WrappedKey, WrappedKeyStore, RewrapUpdate } from './wrapped-key-store.js';
export { createFf1, createFf1String, DIGITS, BASE36 } from './ff1.js';
export type { Ff1Cipher, Ff1Options, Ff1StringCipher } from './ff1.js';
export { rotateRootKeyFile } from './rotate-root-file.js';
export type { RotateRootFileOptions, RotateRootFileResult } from './rotate-root-file.js';
