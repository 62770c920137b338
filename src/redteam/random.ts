import { createHash } from 'node:crypto';
import type { Random } from './types.js';

/** A reproducible random source: SHA-256 in counter mode over the seed (same seed → same run). */
export function createRandom(seed: string): Random {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  function next(): number {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value / 2 ** 32;
  }
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(items.length)]!;
    },
    word: (length, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ') =>
      Array.from({ length }, () => alphabet[int(alphabet.length)]).join(''),
  };
}

/** A child source whose stream depends only on the seed and the label (order-independent). */
export function forkRandom(seed: string, label: string): Random {
  return createRandom(`${seed}/${label}`);
}
