import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from '../storage/index.js';

// DER prefixes that turn a raw 32-byte Ed25519 seed / public key into PKCS#8 / SPKI (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The state a checkpoint signs. */
export interface TreeState {
  treeSize: number;
  rootHash: string;
  chainHash: string;
  time: string;
}

/** The exact bytes signed: a versioned, line-based note (easy to re-create in any language). */
export function checkpointMessage(s: TreeState): Buffer {
  return Buffer.from(
    `bulwark-audit-checkpoint/v1\n${s.treeSize}\n${s.rootHash}\n${s.chainHash}\n${s.time}\n`,
  );
}

export interface CheckpointSigner {
  readonly keyId: string;
  /** Raw Ed25519 public key, base64: publish it so anyone can verify checkpoints. */
  readonly publicKey: string;
  sign(state: TreeState, frontier: string[]): AuditCheckpoint;
}

/** Key id = first 16 hex of SHA-256 over the raw public key. */
export function signingKeyId(publicKeyRaw: Uint8Array): string {
  return 'ak_' + createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, 16);
}

/** An Ed25519 signer from a 32-byte seed (`keyRing.deriveSecret('audit-signing')`). */
export function createCheckpointSigner(seed: Uint8Array): CheckpointSigner {
  if (seed.length !== 32) throw new RangeError('the signing seed must be 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length);
  const keyId = signingKeyId(raw);
  return {
    keyId,
    publicKey: raw.toString('base64'),
    sign: (state, frontier) => ({
      ...state,
      keyId,
      signature: sign(null, checkpointMessage(state), privateKey).toString('base64'),
      frontier,
    }),
  };
}

/** A verifier for checkpoints signed by the holder of `publicKey` (raw, base64). */
export function checkpointVerifier(publicKey: string): {
  keyId: string;
  verify(cp: AuditCheckpoint): boolean;
} {
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  const key: KeyObject = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
  const keyId = signingKeyId(raw);
  return {
    keyId,
    verify: (cp) =>
      cp.keyId === keyId && verify(null, checkpointMessage(cp), key, Buffer.from(cp.signature, 'base64')),
  };
}
