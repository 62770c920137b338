import { describe, expect, it } from 'vitest';
import { randomDigits, scoreOf, spans } from './test-helpers.js';

describe('EMAIL', () => {
  it('finds addresses, including punycode domains and plus tags', () => {
    expect(spans('write to jane.doe+news@example.co.uk today', 'EMAIL')).toEqual([
      'jane.doe+news@example.co.uk',
    ]);
    expect(spans('a@xn--d1acufc.xn--p1ai', 'EMAIL')).toEqual(['a@xn--d1acufc.xn--p1ai']);
    expect(spans('x@a.io, y@b.de.', 'EMAIL')).toEqual(['x@a.io', 'y@b.de']);
  });

  it('rejects missing TLDs, dot-edged local parts and dash-edged labels', () => {
    expect(spans('my email is info@presidio.', 'EMAIL')).toEqual([]);
    expect(spans('.john@example.com', 'EMAIL')).toEqual([]);
    expect(spans('john..doe@example.com', 'EMAIL')).toEqual([]);
    expect(spans('john@-example.com', 'EMAIL')).toEqual([]);
    expect(spans('user@localhost', 'EMAIL')).toEqual([]);
  });
});

describe('PHONE', () => {
  it('finds international numbers in any region and national ones in the hinted regions', () => {
    expect(spans('call +44 20 7946 0958 now', 'PHONE')).toEqual(['+44 20 7946 0958']);
    expect(spans('Tel. +49 30 901820', 'PHONE')).toEqual(['+49 30 901820']);
    expect(spans('My US number is (415) 555-0132, thanks', 'PHONE')).toEqual(['(415) 555-0132']);
    expect(spans('appelez le 01 42 68 53 00', 'PHONE', { language: 'fr' })).toEqual(['01 42 68 53 00']);
    expect(spans('office (978) 645-9740x11144-Fax', 'PHONE')).toEqual(['(978) 645-9740x11144']);
    expect(spans('call 415-555-0132abc', 'PHONE')).toEqual([]);
  });

  it('keeps UTF-16 offsets after characters that grow when lower-cased', () => {
    expect(spans('İzmir office 😀: call +44 20 7946 0958', 'PHONE')).toEqual(['+44 20 7946 0958']);
  });

  it('uses the regions option for national numbers', async () => {
    const { createScanner } = await import('../engine.js');
    const { piiRecognizers } = await import('./index.js');
    const cn = createScanner({
      recognizers: piiRecognizers,
      recognizerOptions: { 'pii.phone': { regions: ['CN'] } },
    });
    const text = 'call my CN mobile 13812345678';
    expect(cn.scan(text, { types: ['PHONE'] }).map((f) => text.slice(f.start, f.end))).toEqual([
      '13812345678',
    ]);
    expect(spans(text, 'PHONE')).toEqual([]);
    expect(() =>
      createScanner({
        recognizers: piiRecognizers,
        recognizerOptions: { 'pii.phone': { regions: ['usa'] } },
      }),
    ).toThrow();
  });

  it('does not take dates, IP addresses, versions or long digit runs for phones', () => {
    expect(spans('on 2021-05-20 and 20/05/2021', 'PHONE')).toEqual([]);
    expect(spans('host 192.168.100.200', 'PHONE')).toEqual([]);
    expect(spans('version 10.4.1.2024', 'PHONE')).toEqual([]);
    expect(spans(randomDigits(24), 'PHONE')).toEqual([]);
    expect(spans('ID12345678', 'PHONE')).toEqual([]);
  });

  it('raises the score with phone words and lowers it with order/ticket words', () => {
    const plain = scoreOf('4155550132', 'PHONE');
    expect(scoreOf('phone: 4155550132', 'PHONE')).toBeGreaterThan(plain);
    expect(scoreOf('order 4155550132', 'PHONE')).toBeLessThan(plain);
    expect(spans('tracking (415) 555-0132', 'PHONE')).toEqual([]);
  });
});

describe('IP_ADDRESS', () => {
  it('finds IPv4 and IPv6 addresses with prefixes and zones', () => {
    expect(spans('from 10.0.0.1 to 192.168.1.0/24', 'IP_ADDRESS')).toEqual(['10.0.0.1', '192.168.1.0/24']);
    expect(spans('Server IP: 2001:db8::1', 'IP_ADDRESS')).toEqual(['2001:db8::1']);
    expect(spans('fe80::1%eth0 up', 'IP_ADDRESS')).toEqual(['fe80::1%eth0']);
    expect(spans('Mapped: ::ffff:192.168.1.1', 'IP_ADDRESS')).toEqual(['::ffff:192.168.1.1']);
    expect(spans('[2001:db8::1]:8080', 'IP_ADDRESS')).toEqual(['2001:db8::1']);
  });

  it('rejects out-of-range octets, C++ scopes, clock times and version strings', () => {
    expect(spans('256.1.1.1 and 192.168.1', 'IP_ADDRESS')).toEqual([]);
    expect(spans('std::cout << MyClass::toString', 'IP_ADDRESS')).toEqual([]);
    expect(spans('Time 12:34:56, ratio 1:2:3:4', 'IP_ADDRESS')).toEqual([]);
    expect(spans('2001::db8::1 and 12345:db8::1', 'IP_ADDRESS')).toEqual([]);
    expect(spans('release 1.2.3.4.5', 'IP_ADDRESS')).toEqual([]);
    expect(scoreOf('version 1.2.3.4', 'IP_ADDRESS')).toBeLessThan(0.5);
  });
});

describe('MAC_ADDRESS', () => {
  it('finds colon, dash and Cisco notations', () => {
    expect(spans('MAC 00:1A:2B:3C:4D:5E and 0d-B3-4a-6A-d9-cF', 'MAC_ADDRESS')).toEqual([
      '00:1A:2B:3C:4D:5E',
      '0d-B3-4a-6A-d9-cF',
    ]);
    expect(spans('Cisco 0012.3456.789A', 'MAC_ADDRESS')).toEqual(['0012.3456.789A']);
  });

  it('rejects short, mixed-separator, broadcast and all-zero addresses', () => {
    expect(spans('00:1A:2B:3C:4D', 'MAC_ADDRESS')).toEqual([]);
    expect(spans('10:2F:33-AC-29-C3', 'MAC_ADDRESS')).toEqual([]);
    expect(spans('FF:FF:FF:FF:FF:FF 00:00:00:00:00:00', 'MAC_ADDRESS')).toEqual([]);
    expect(spans('00:1A:2B:3C:4D:5E:6F', 'MAC_ADDRESS')).toEqual([]);
  });
});

describe('URL_CREDENTIALS', () => {
  const password = () => 'p' + Math.random().toString(36).slice(2, 12) + 'Q7';

  it('finds a URL with a password in its userinfo, up to the host and port', () => {
    const url = `postgres://app:${password()}@db.internal:5432`;
    expect(spans(`DATABASE_URL=${url}/prod`, 'URL_CREDENTIALS')).toEqual([url]);
  });

  it('keeps placeholders below the threshold and ignores URLs without a password', () => {
    expect(spans('postgres://user:<password>@localhost:5432/db', 'URL_CREDENTIALS')).toEqual([]);
    expect(spans('redis://:${REDIS_PASSWORD}@cache:6379', 'URL_CREDENTIALS')).toEqual([]);
    expect(spans('https://user@example.com/path', 'URL_CREDENTIALS')).toEqual([]);
    expect(spans('see https://example.com:8080/x', 'URL_CREDENTIALS')).toEqual([]);
  });
});

describe('DOMAIN_NAME', () => {
  it('finds URLs and bare host names under real public suffixes', () => {
    expect(spans('my website is http://www.visualtrips.hu/.', 'DOMAIN_NAME')).toEqual([
      'http://www.visualtrips.hu/',
    ]);
    expect(spans('visit microsoft.com or www.usfirm.co.nz', 'DOMAIN_NAME')).toEqual([
      'microsoft.com',
      'www.usfirm.co.nz',
    ]);
  });

  it('rejects unknown suffixes, e-mail hosts, missing spaces after full stops and code', () => {
    expect(spans('foo.notatld and e.g. this', 'DOMAIN_NAME')).toEqual([]);
    expect(spans('mail info@presidio.site', 'DOMAIN_NAME')).toEqual([]);
    expect(spans('It ended.Then we left', 'DOMAIN_NAME')).toEqual([]);
    expect(spans('const x = items.map(fn)', 'DOMAIN_NAME')).toEqual([]);
    expect(spans('www.microsoft', 'DOMAIN_NAME')).toEqual([]);
    expect(spans('see README.md and setup.py', 'DOMAIN_NAME')).toEqual([]);
  });
});
