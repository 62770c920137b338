import { createCipheriv } from 'node:crypto';

/**
 * Format-preserving encryption, NIST SP 800-38G FF1 with AES. Hand-written because no well-kept npm
 * package implements FF1; node:crypto supplies the AES block cipher, this file only the Feistel rounds.
 */
export interface Ff1Options {
  /** AES-128, -192 or -256 key (16, 24 or 32 bytes). */
  key: Uint8Array;
  /** Number of symbols in the alphabet, 2..65536. */
  radix: number;
  /** Maximum tweak length in bytes (SP 800-38G lets the implementation choose). */
  maxTweakLength?: number;
}

/** An FF1 cipher over numeral strings (arrays of digits in 0..radix-1). */
export interface Ff1Cipher {
  encrypt(numerals: readonly number[], tweak?: Uint8Array): number[];
  decrypt(numerals: readonly number[], tweak?: Uint8Array): number[];
  /** Shortest input allowed: radix^minLength ≥ 1,000,000 (SP 800-38G §5.2, as revised). */
  readonly minLength: number;
}

const MAX_LENGTH = 2 ** 16; // far below the standard's 2^32; longer inputs are not format-preserving fields

export function createFf1(options: Ff1Options): Ff1Cipher {
  const { key, radix } = options;
  if (![16, 24, 32].includes(key.length)) throw new RangeError('FF1 key must be 16, 24 or 32 bytes');
  if (!Number.isInteger(radix) || radix < 2 || radix > 65536)
    throw new RangeError('FF1 radix must be 2..65536');
  const maxTweak = options.maxTweakLength ?? 256;
  const bigRadix = BigInt(radix);
  let minLength = 1;
  while (bigRadix ** BigInt(minLength) < 1_000_000n) minLength++;
  const aes = `aes-${key.length * 8}-ecb`;

  // One AES block per call; ECB on a single block is the raw block cipher CIPH_K.
  const ciph = (block: Buffer): Buffer => {
    const cipher = createCipheriv(aes, key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]);
  };
  // PRF (CBC-MAC with a zero IV) over a multiple of 16 bytes.
  const prf = (data: Buffer): Buffer => {
    let y: Buffer = Buffer.alloc(16);
    for (let i = 0; i < data.length; i += 16) {
      const x = Buffer.alloc(16);
      for (let j = 0; j < 16; j++) x[j] = y[j]! ^ data[i + j]!;
      y = ciph(x);
    }
    return y;
  };

  const num = (digits: readonly number[]): bigint =>
    digits.reduce((acc, d) => acc * bigRadix + BigInt(d), 0n);
  const str = (value: bigint, length: number): number[] => {
    const out = new Array<number>(length);
    for (let i = length - 1; i >= 0; i--) {
      out[i] = Number(value % bigRadix);
      value /= bigRadix;
    }
    return out;
  };
  const bytes = (value: bigint, length: number): Buffer => {
    const out = Buffer.alloc(length);
    for (let i = length - 1; i >= 0; i--) {
      out[i] = Number(value & 0xffn);
      value >>= 8n;
    }
    return out;
  };

  function check(numerals: readonly number[], tweak: Uint8Array): void {
    if (numerals.length < minLength || numerals.length > MAX_LENGTH)
      throw new RangeError(`FF1 input length must be ${minLength}..${MAX_LENGTH} for radix ${radix}`);
    for (const d of numerals)
      if (!Number.isInteger(d) || d < 0 || d >= radix) throw new RangeError('FF1 numeral out of range');
    if (tweak.length > maxTweak) throw new RangeError(`FF1 tweak longer than ${maxTweak} bytes`);
  }

  // Steps 1–5 of Algorithm 7: split point, byte lengths and the fixed block P.
  function setup(n: number, t: number) {
    const u = Math.floor(n / 2);
    const v = n - u;
    const bits = (bigRadix ** BigInt(v) - 1n).toString(2).length; // = ceil(v·log2(radix)), exactly
    const b = Math.ceil(bits / 8);
    const d = 4 * Math.ceil(b / 4) + 4;
    const p = Buffer.alloc(16);
    p.set([1, 2, 1], 0);
    p.writeUIntBE(radix, 3, 3);
    p[6] = 10;
    p[7] = u % 256;
    p.writeUInt32BE(n, 8);
    p.writeUInt32BE(t, 12);
    return { u, v, b, d, p };
  }

  function roundValue(s: ReturnType<typeof setup>, tweak: Uint8Array, i: number, half: readonly number[]) {
    const pad = (((-tweak.length - s.b - 1) % 16) + 16) % 16;
    const q = Buffer.concat([Buffer.from(tweak), Buffer.alloc(pad), Buffer.from([i]), bytes(num(half), s.b)]);
    const r = prf(Buffer.concat([s.p, q]));
    const blocks = [r];
    for (let j = 1; j * 16 < s.d; j++) {
      const x = Buffer.from(r);
      x.writeUInt32BE((x.readUInt32BE(12) ^ j) >>> 0, 12); // R ⊕ [j]^16
      blocks.push(ciph(x));
    }
    return BigInt('0x' + Buffer.concat(blocks).subarray(0, s.d).toString('hex'));
  }

  return {
    minLength,
    encrypt(numerals, tweak = new Uint8Array()) {
      check(numerals, tweak);
      const s = setup(numerals.length, tweak.length);
      let a = numerals.slice(0, s.u);
      let b = numerals.slice(s.u);
      for (let i = 0; i < 10; i++) {
        const m = i % 2 === 0 ? s.u : s.v;
        const c = (num(a) + roundValue(s, tweak, i, b)) % bigRadix ** BigInt(m);
        a = b;
        b = str(c, m);
      }
      return [...a, ...b];
    },
    decrypt(numerals, tweak = new Uint8Array()) {
      check(numerals, tweak);
      const s = setup(numerals.length, tweak.length);
      let a = numerals.slice(0, s.u);
      let b = numerals.slice(s.u);
      for (let i = 9; i >= 0; i--) {
        const m = i % 2 === 0 ? s.u : s.v;
        const mod = bigRadix ** BigInt(m);
        const c = (((num(b) - roundValue(s, tweak, i, a)) % mod) + mod) % mod;
        b = a;
        a = str(c, m);
      }
      return [...a, ...b];
    },
  };
}

/** FF1 over a string alphabet (e.g. '0123456789' or digits + lowercase letters for radix 36). */
export interface Ff1StringCipher {
  encrypt(text: string, tweak?: Uint8Array): string;
  decrypt(text: string, tweak?: Uint8Array): string;
}

export const DIGITS = '0123456789';
export const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** FF1 on strings written in `alphabet`; characters outside it are rejected, never passed through. */
export function createFf1String(key: Uint8Array, alphabet: string = DIGITS): Ff1StringCipher {
  const symbols = [...alphabet];
  if (new Set(symbols).size !== symbols.length) throw new RangeError('FF1 alphabet has repeated symbols');
  const index = new Map(symbols.map((c, i) => [c, i]));
  const ff1 = createFf1({ key, radix: symbols.length });
  const toNumerals = (text: string) =>
    [...text].map((c) => {
      const d = index.get(c);
      if (d === undefined) throw new RangeError('FF1 input has a character outside the alphabet');
      return d;
    });
  const toText = (numerals: number[]) => numerals.map((d) => symbols[d]!).join('');
  return {
    encrypt: (text, tweak) => toText(ff1.encrypt(toNumerals(text), tweak)),
    decrypt: (text, tweak) => toText(ff1.decrypt(toNumerals(text), tweak)),
  };
}
