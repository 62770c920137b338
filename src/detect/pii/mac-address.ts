import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachAnchored, finding, isHex, withContext } from './span-tools.js';

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
      for (const notation of NOTATIONS) {
        eachAnchored(text, ANCHOR, isHex, 4, notation, (m) => {
          if (m.index > 0 && NOT_BEFORE.test(text[m.index - 1]!)) return;
          const hex = m[0].replace(/[:.-]/g, '').toLowerCase();
          if (hex === '000000000000' || hex === 'ffffffffffff') return;
          const end = m.index + m[0].length;
          const scored = withContext(lower, m.index, end, 0.6, CONTEXT);
          out.push(finding('MAC_ADDRESS', m.index, end, scored, 'pii.mac-address'));
        });
      }
      return out;
    },
  }),
});
