import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58check, bech32, bech32m } from '@scure/base';
import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { eachMatch, hasDigit } from './span-tools.js';

// Three separate regexes: each keeps a literal-ish lead ('1'/'3', 'bc1', '0x') that V8 can scan for
// quickly; a combined alternation behind one '\b' was several times slower.
const BASE58 = /\b[13][1-9A-HJ-NP-Za-km-z]{25,34}(?!\w)/g;
const BECH32 = /\b(?:bc1|tb1|BC1|TB1)[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}(?!\w)/g;
const ETHEREUM = /\b0x[0-9a-fA-F]{40}(?!\w)/g;

const b58check = base58check(sha256);
const encoder = new TextEncoder();

/** Legacy (P2PKH, version 0) and script (P2SH, version 5) Bitcoin addresses: base58check, 21-byte payload. */
export function validBase58Address(value: string): boolean {
  try {
    const payload = b58check.decode(value);
    return payload.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05);
  } catch {
    return false;
  }
}

/** SegWit addresses: bech32 for witness version 0 (20- or 32-byte program), bech32m for versions 1-16. */
export function validSegwitAddress(value: string): boolean {
  const lower = value.toLowerCase();
  if (value !== lower && value !== value.toUpperCase()) return false;
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(lower as `${string}1${string}`, 90);
      if (prefix !== 'bc' && prefix !== 'tb') continue;
      const version = words[0];
      if (version === undefined || version > 16) continue;
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (
        version === 0
          ? program.length === 20 || program.length === 32
          : program.length >= 2 && program.length <= 40
      )
        return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

/** EIP-55: in a mixed-case address, each letter is upper case exactly when its keccak nibble is ≥ 8. */
export function validEip55(value: string): boolean {
  const hex = value.slice(2);
  const hash = keccak_256(encoder.encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i]!;
    if (!/[a-f]/i.test(ch)) continue;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if (nibble >= 8 !== (ch === ch.toUpperCase())) return false;
  }
  return true;
}

/** Bitcoin (base58check and bech32/bech32m) and Ethereum (EIP-55 when mixed case) wallet addresses. */
export const cryptoWalletRecognizer = defineRecognizer({
  id: 'pii.crypto-wallet',
  mode: 'sync',
  entities: [{ type: 'CRYPTO_WALLET', category: 'financial', level: 'confidential' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [BASE58, BECH32, ETHEREUM],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const push = (start: number, end: number, score: number, evidence: string) =>
        out.push({
          type: 'CRYPTO_WALLET',
          start,
          end,
          score,
          recognizer: 'pii.crypto-wallet',
          evidence: [evidence],
        });
      eachMatch(BASE58, text, (m) => {
        if (validBase58Address(m[0])) push(m.index, m.index + m[0].length, 0.95, 'btc-base58check');
      });
      eachMatch(BECH32, text, (m) => {
        if (validSegwitAddress(m[0])) push(m.index, m.index + m[0].length, 0.95, 'btc-bech32');
      });
      eachMatch(ETHEREUM, text, (m) => {
        const hex = m[0].slice(2);
        const mixed = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
        // Single-case hex could be any 160-bit value (a hash prefix); mixed case must carry a valid checksum.
        if (!mixed) push(m.index, m.index + m[0].length, 0.6, 'eth-unchecksummed');
        else if (validEip55(m[0])) push(m.index, m.index + m[0].length, 0.95, 'eth-eip55');
      });
      return out;
    },
  }),
});
