import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, finding, isHex, withContext } from './span-tools.js';

const HEX2 = '[0-9A-Fa-f]{2}';
const HEX4 = '[0-9A-Fa-f]{4}';
// Colon or dash notation (one separator kind per address) or Cisco dotted notation.
// One sticky regex per notation (small automata keep the ReDoS audit fast): colon, dash, Cisco dotted.
const END = '(?![\\w:-]|\\.[0-9A-Fa-f])';
const NOTATIONS = [
  new RegExp(`(?:${HEX2}:){5}${HEX2}${END}`, 'y'),
  new RegExp(`(?:${HEX2}-){5}${HEX2}${END}`, 'y'),
  new RegExp(`${HEX4}\\.${HEX4}\\.${HEX4}${END}`, 'y'),
];
// Led by a separator, which is rarer than a hex digit, so V8 skips ahead quickly; the start is found
// by walking back over the first group.
const ANCHOR = new RegExp(`[:-]${HEX2}[:-]|\\.${HEX4}\\.`, 'g');
const NOT_BEFORE = /[\w:.-]/;

const CONTEXT = {
  positive: [
    'mac',
    'mac address',
    'hardware address',
    'physical address',
    'ethernet',
    'wifi',
    'wi-fi',
    'bssid',
    'device',
    'adresse mac',
    'mac-adresse',
    'dirección mac',
  ],
};

/** MAC (EUI-48) addresses; all-zero and broadcast addresses identify no device and are skipped. */
export const macAddressRecognizer = defineRecognizer({
  id: 'pii.mac-address',
  mode: 'sync',
  entities: [{ type: 'MAC_ADDRESS', category: 'network', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [...NOTATIONS, ANCHOR],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      const lower = alignedLower(text, ctx);
      ANCHOR.lastIndex = 0;
      let done = 0;
      for (let a = ANCHOR.exec(text); a !== null; a = ANCHOR.exec(text)) {
        let start = a.index;
        while (start > done && a.index - start < 4 && isHex(text.charCodeAt(start - 1))) start--;
        if (start > 0 && NOT_BEFORE.test(text[start - 1]!)) continue;
        // One anchor pass; the notation regexes are tried only where an anchor hit.
        let m: RegExpExecArray | null = null;
        for (const notation of NOTATIONS) {
          notation.lastIndex = start;
          m = notation.exec(text);
          if (m) break;
        }
        if (!m) continue;
        const end = m.index + m[0].length;
        done = end;
        ANCHOR.lastIndex = Math.max(ANCHOR.lastIndex, end);
        const hex = m[0].replace(/[:.-]/g, '').toLowerCase();
        if (hex === '000000000000' || hex === 'ffffffffffff') continue;
        out.push(
          finding(
            'MAC_ADDRESS',
            m.index,
            end,
            withContext(lower, m.index, end, 0.6, CONTEXT),
            'pii.mac-address',
          ),
        );
      }
      return out;
    },
  }),
});
