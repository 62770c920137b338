import { isIPv6 } from 'node:net';
import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachAnchored, eachMatch, finding, isHex, withContext } from './span-tools.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Dotted quad with an optional CIDR prefix; not part of a longer dotted run (version strings).
const IPV4 = new RegExp(
  `\\b(?<![.-])(?:${OCTET}\\.){3}${OCTET}(?:/(?:3[0-2]|[12]?\\d))?(?![\\w]|\\.\\d)`,
  'g',
);
// Hex groups and colons (with '::' compression), an optional embedded IPv4 tail, zone id and prefix;
// found from a ':x:' anchor and confirmed by node:net's parser.
const IPV6 =
  /(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?:%[A-Za-z0-9_.]{1,16})?(?:\/\d{1,3})?(?![\w:]|\.\d)/y;
const COLON_PAIR = /:[0-9A-Fa-f]{0,4}:/g;
// Characters that may not precede an address ('std::cout', 'text2001:db8::1').
const NOT_BEFORE_V6 = /[\w:.%-]/;

const CONTEXT = {
  positive: [
    'ip',
    'ip address',
    'ipv4',
    'ipv6',
    'address',
    'host',
    'server',
    'client',
    'gateway',
    'subnet',
    'adresse ip',
    'ip-adresse',
    'dirección ip',
    'from',
    'src',
    'dst',
  ],
  negative: ['version', 'v', 'release', 'build', 'firmware', 'oid', 'section', 'chapter', 'kapitel'],
};

function validIpv6(raw: string): boolean {
  const [address = '', prefix] = raw.split('/');
  if (prefix !== undefined && Number(prefix) > 128) return false;
  const bare = address.split('%')[0]!;
  return isIPv6(bare);
}

/** IPv4 and IPv6 addresses (with CIDR prefixes and zone ids), validated by node:net. */
export const ipAddressRecognizer = defineRecognizer({
  id: 'pii.ip-address',
  mode: 'sync',
  entities: [{ type: 'IP_ADDRESS', category: 'network', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [IPV4, IPV6, COLON_PAIR],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      const lower = alignedLower(text, ctx);
      eachMatch(IPV4, text, (m) => {
        const scored = withContext(lower, m.index, m.index + m[0].length, 0.6, CONTEXT, ['ipv4']);
        out.push(finding('IP_ADDRESS', m.index, m.index + m[0].length, scored, 'pii.ip-address'));
      });
      if (!text.includes(':')) return out;
      eachAnchored(text, COLON_PAIR, isHex, 4, IPV6, (m) => {
        if (m.index > 0 && NOT_BEFORE_V6.test(text[m.index - 1]!)) return;
        if (!validIpv6(m[0])) return;
        const end = m.index + m[0].length;
        const scored = withContext(lower, m.index, end, 0.75, CONTEXT, ['ipv6']);
        out.push(finding('IP_ADDRESS', m.index, end, scored, 'pii.ip-address'));
      });
      return out;
    },
  }),
});
