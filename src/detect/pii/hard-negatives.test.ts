import { randomUUID, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createScanner } from '../engine.js';
import { piiRecognizers } from './index.js';

const scanner = createScanner({ recognizers: piiRecognizers });

// Identifier-like noise that is not personal data; built at test time.
function noise(): string[] {
  const hash = createHash('sha256').update(String(Math.random())).digest('hex');
  return [
    `request ${randomUUID()} failed`,
    `commit ${hash.slice(0, 40)} and digest sha256:${hash}`,
    'upgrade from version 4.17.21 to 5.0.0-rc.1 (build 20240315.3)',
    'Order #88213994 shipped, invoice INV-2024-000123, ticket 4815162342',
    'Bestellnr. 12345-6789 versandt, Auftragsnr. 4815-162342',
    'tracking number 1Z999AA10123456784, ref 9400111899223197428490',
    'p95 latency 1234.5678 ms over 86400000 ms; 3.14159265358979',
    'the matrix is 1920x1080, ratio 16:9, chmod 0755, port 8080',
    'ISBN 978-3-16-148410-0 and DOI 10.1000/182',
    'const x = arr[12345678]; let y = 0xdeadbeef; // line 4242',
    'bump deps in 2048 bytes; from 2000 to 3000 requests; by 1999 votes; port 2000; release 2019.3',
    'if (mr.ok && ms.length > dr.max) { Dr.run(); } // MS SQL, MR 1234, 200 ms. Then retry',
    'class Inc extends Ltd {}; SELECT corp, gmbh FROM ag; the inc/ltd flags; -DLLC=1',
    'build 90210 ran in 12345 ms on node 20241; SKU 75201 TX-ready',
  ];
}

const PERSONAL = [
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'US_ITIN',
  'PHONE',
  'EMAIL',
  'UK_NINO',
  'UK_NHS',
  'FR_NIR',
  'ES_NIF',
  'ES_NIE',
  'IT_FISCAL_CODE',
  'IN_AADHAAR',
  'SG_NRIC',
  'CA_SIN',
  'AU_TFN',
  'AU_MEDICARE',
  'NL_BSN',
  'DE_TAX_ID',
  'CRYPTO_WALLET',
  'MAC_ADDRESS',
  'URL_CREDENTIALS',
  'DATE_OF_BIRTH',
  'MEDICAL_RECORD_NUMBER',
  'AGE',
  'TITLE',
  'ZIP_CODE',
  'ORGANIZATION',
  'DATE_TIME',
];

describe('hard negatives across all PII recognisers', () => {
  it('reports no personal identifier in UUIDs, hashes, versions, order and tracking numbers, code', () => {
    for (let round = 0; round < 20; round++) {
      for (const text of noise()) {
        const found = scanner
          .scan(text, { types: PERSONAL })
          .map((f) => `${f.type}: ${text.slice(f.start, f.end)}`);
        expect(found, text).toEqual([]);
      }
    }
  });
});
