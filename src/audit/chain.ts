import { createHash } from 'node:crypto';

/** The chain value before the first record. */
export const GENESIS_CHAIN = '0'.repeat(64);

/** chain_i = SHA-256(chain_{i-1} ‖ leafHash_i), both as raw 32 bytes; hex in and out. */
export function chainNext(previous: string, leafHash: string): string {
  return createHash('sha256')
    .update(Buffer.from(previous, 'hex'))
    .update(Buffer.from(leafHash, 'hex'))
    .digest('hex');
}
