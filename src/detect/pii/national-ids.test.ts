import { describe, expect, it } from 'vitest';
import * as c from './checksums.js';
import { scoreOf, spans } from './test-helpers.js';

/** Finishes a payload with the first check character the validator accepts. */
function complete(payload: string, valid: (v: string) => boolean, alphabet = '0123456789'): string {
  for (const ch of alphabet) if (valid(payload + ch)) return payload + ch;
  throw new Error('no check character fits');
}

/** The value with its last digit changed, so the check fails. */
function corrupt(value: string): string {
  const last = value.at(-1)!;
  return value.slice(0, -1) + (/\d/.test(last) ? String((Number(last) + 1) % 10) : last === 'A' ? 'B' : 'A');
}

describe('US identifiers', () => {
  it('US_SSN: dashed form passes alone; bare digits need context; invalid ranges never match', () => {
    expect(spans('SSN 123-45-6789 on file', 'US_SSN')).toEqual(['123-45-6789']);
    expect(spans('id 536-32-3065', 'US_SSN')).toEqual(['536-32-3065']);
    expect(spans('number 536323065', 'US_SSN')).toEqual([]);
    expect(spans('my ssn is 536323065', 'US_SSN')).toEqual(['536323065']);
    for (const bad of ['000-12-3456', '666-12-3456', '123-00-4567', '123-45-0000', '693-09.4444']) {
      expect(scoreOf(bad, 'US_SSN')).toBe(0);
    }
  });

  it('US_ITIN: 9xx with a valid group', () => {
    expect(spans('ITIN 912-70-1234', 'US_ITIN')).toEqual(['912-70-1234']);
    expect(scoreOf('my tax id 911-89-1234', 'US_ITIN')).toBe(0);
  });

  it('US_PASSPORT and US_DRIVER_LICENSE need context to pass the threshold', () => {
    expect(spans('passport number A12803456', 'US_PASSPORT')).toEqual(['A12803456']);
    expect(spans('code A12803456', 'US_PASSPORT')).toEqual([]);
    expect(spans("My driver's license number is LH329609T", 'US_DRIVER_LICENSE')).toEqual(['LH329609T']);
    expect(spans('serial LH329609T', 'US_DRIVER_LICENSE')).toEqual([]);
  });

  it('US_BANK_ROUTING: checksum plus routing words', () => {
    expect(spans('routing number 121000358', 'US_BANK_ROUTING')).toEqual(['121000358']);
    expect(spans('routing number 121000359', 'US_BANK_ROUTING')).toEqual([]);
    expect(spans('value 121000358', 'US_BANK_ROUTING')).toEqual([]);
  });
});

describe('UK identifiers', () => {
  it('UK_NINO: HMRC prefixes and suffixes, spaced or not', () => {
    expect(spans('NI number: AB 12 34 56 C', 'UK_NINO')).toEqual(['AB 12 34 56 C']);
    expect(spans('AB123456C', 'UK_NINO')).toEqual(['AB123456C']);
    expect(spans('QQ 12 34 56 C, BG 12 34 56 A, AB 12 34 56 E', 'UK_NINO')).toEqual([]);
  });

  it('UK_NHS: mod-11 check digit, promoted by NHS context', () => {
    const nhs = complete('943476591', c.nhs);
    expect(spans(`NHS number ${nhs}`, 'UK_NHS')).toEqual([nhs]);
    expect(spans(`NHS number ${corrupt(nhs)}`, 'UK_NHS')).toEqual([]);
    expect(spans(`value ${nhs}`, 'UK_NHS')).toEqual([]);
  });
});

describe('EU identifiers', () => {
  it('DE_TAX_ID and DE_ID_CARD', () => {
    expect(spans('Meine Steuer-ID: 12345678903.', 'DE_TAX_ID')).toEqual(['12345678903']);
    expect(spans('Steuer-ID 12345678901', 'DE_TAX_ID')).toEqual([]);
    expect(spans('Steuer-ID 11112345678', 'DE_TAX_ID')).toEqual([]);
    expect(spans('Personalausweis T220001293', 'DE_ID_CARD')).toEqual(['T220001293']);
    expect(spans('Personalausweis T220001290', 'DE_ID_CARD')).toEqual([]);
  });

  it('FR_NIR with its key, spaced or compact', () => {
    const body = '2690549588157';
    const nir = body + String(97 - c.modDecimal(body, 97)).padStart(2, '0');
    const spaced = `${nir[0]} ${nir.slice(1, 3)} ${nir.slice(3, 5)} ${nir.slice(5, 7)} ${nir.slice(7, 10)} ${nir.slice(10, 13)} ${nir.slice(13)}`;
    expect(spans(`NIR ${nir}`, 'FR_NIR')).toEqual([nir]);
    expect(spans(`sécurité sociale : ${spaced}`, 'FR_NIR')).toEqual([spaced]);
    expect(spans(`NIR ${corrupt(nir)}`, 'FR_NIR')).toEqual([]);
  });

  it('ES_NIF and ES_NIE control letters', () => {
    expect(spans('DNI 12345678Z', 'ES_NIF')).toEqual(['12345678Z']);
    expect(spans('DNI 12345678A', 'ES_NIF')).toEqual([]);
    expect(spans('Mi NIE es X9613851N', 'ES_NIE')).toEqual(['X9613851N']);
    expect(spans('NIE Y8063915Q', 'ES_NIE')).toEqual([]);
  });

  it('IT_FISCAL_CODE control letter', () => {
    expect(spans('CF: RSSMRA85T10A562S', 'IT_FISCAL_CODE')).toEqual(['RSSMRA85T10A562S']);
    expect(spans('CF: RSSMRA85T10A562T', 'IT_FISCAL_CODE')).toEqual([]);
  });

  it('NL_BSN 11-proof with context', () => {
    expect(spans('BSN 111222333', 'NL_BSN')).toEqual(['111222333']);
    expect(spans('BSN 123456789', 'NL_BSN')).toEqual([]);
    expect(spans('order 111222333', 'NL_BSN')).toEqual([]);
  });
});

describe('Asia-Pacific and Canada', () => {
  it('IN_AADHAAR (Verhoeff) and IN_PAN (format)', () => {
    const aadhaar = complete('23412341234', c.inAadhaar);
    const spaced = `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`;
    expect(spans(`Aadhaar ${spaced}`, 'IN_AADHAAR')).toEqual([spaced]);
    expect(spans(`Aadhaar ${corrupt(aadhaar)}`, 'IN_AADHAAR')).toEqual([]);
    expect(spans('PAN ABCPE1234F', 'IN_PAN')).toEqual(['ABCPE1234F']);
    expect(spans('PAN ABCXE1234F', 'IN_PAN')).toEqual([]);
  });

  it('SG_NRIC check letter', () => {
    expect(spans('NRIC S2740116C was processed', 'SG_NRIC')).toEqual(['S2740116C']);
    expect(spans('NRIC S2740116D', 'SG_NRIC')).toEqual([]);
  });

  it('AU_TFN, AU_ABN, AU_ACN and AU_MEDICARE checksums', () => {
    expect(spans('TFN 876 543 210', 'AU_TFN')).toEqual(['876 543 210']);
    expect(spans('TFN 876 543 211', 'AU_TFN')).toEqual([]);
    expect(spans('ABN 51 824 753 556', 'AU_ABN')).toEqual(['51 824 753 556']);
    expect(spans('ABN 52 824 753 556', 'AU_ABN')).toEqual([]);
    expect(spans('ACN 005 499 981', 'AU_ACN')).toEqual(['005 499 981']);
    expect(spans('ACN 005 499 982', 'AU_ACN')).toEqual([]);
    expect(spans('Medicare 2123 45670 1', 'AU_MEDICARE')).toEqual(['2123 45670 1']);
    expect(spans('Medicare 2123 25870 1', 'AU_MEDICARE')).toEqual([]);
  });

  it('CA_SIN: Luhn, consistent grouping, never 0 or 8 first', () => {
    expect(spans('my SIN is 130-692-544', 'CA_SIN')).toEqual(['130-692-544']);
    expect(spans('SIN 130 692 545', 'CA_SIN')).toEqual([]);
    expect(spans('SIN 046 454 286', 'CA_SIN')).toEqual([]);
    expect(spans('SIN 130-692 544', 'CA_SIN')).toEqual([]);
  });
});

describe('MEDICAL_RECORD_NUMBER', () => {
  it('needs MRN words right before the identifier', () => {
    expect(spans('Patient MRN: 00482913 admitted', 'MEDICAL_RECORD_NUMBER')).toEqual(['00482913']);
    expect(spans('Patientennummer 7734120', 'MEDICAL_RECORD_NUMBER')).toEqual(['7734120']);
    expect(spans('build 00482913 passed', 'MEDICAL_RECORD_NUMBER')).toEqual([]);
    expect(
      spans('the patient was seen on a long winding path past building 00482913', 'MEDICAL_RECORD_NUMBER'),
    ).toEqual([]);
  });
});
