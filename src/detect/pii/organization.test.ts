import { describe, expect, it } from 'vitest';
import { createScanner } from '../engine.js';
import { organizationRecognizer } from './organization.js';

const scanner = createScanner({ recognizers: [organizationRecognizer] });
const orgs = (text: string): string[] => scanner.scan(text).map((f) => text.slice(f.start, f.end));

describe('ORGANIZATION (legal forms)', () => {
  it.each([
    ['Contact Siemens AG today', ['Siemens AG']],
    ['The Acme Widgets, Inc. office', ['Acme Widgets, Inc.']],
    ['Fiat S.p.A. and Inditex S.A. reported', ['Fiat S.p.A.', 'Inditex S.A.']],
    ['Infosys Ltd. and Ahold Delhaize N.V. both', ['Infosys Ltd.', 'Ahold Delhaize N.V.']],
    ['Spotify AB, Nokia Oyj and Equinor ASA', ['Nokia Oyj', 'Equinor ASA']],
    ['Bank of America Corp. said', ['Bank of America Corp.']],
    ['Müller und Söhne GmbH liefert', ['Müller und Söhne GmbH']],
    ['He left. Acme Inc. said', ['Acme Inc.']],
    ['We hired Blue Sky Partners LLP.', ['Blue Sky Partners LLP']],
  ])('finds the company in %j', (text, expected) => {
    expect(orgs(text)).toEqual(expected);
  });

  it.each([
    'a limited company with limited liability',
    'We are Limited by time', // a legal form needs a name before it
    'I work at AG', // sentence words are not a name
    'the inc and ltd columns; const corp = new Corp();',
    'ag, kg and gmbh in lower case',
    'call SAS support for AGB version 2',
  ])('finds no company in %j', (text) => {
    expect(orgs(text)).toEqual([]);
  });
});
