import { describe, expect, it } from 'vitest';
import { scoreOf, spans } from './test-helpers.js';

describe('DATE_TIME', () => {
  it.each([
    ['Today is 2024-03-15T14:30:00.123Z, or not?', '2024-03-15T14:30:00.123Z'],
    ['When: 2013-03-14 12:53:39', '2013-03-14 12:53:39'],
    ['born 5/20/2021 here', '5/20/2021'],
    ['am 21.05.2021 um', '21.05.2021'],
    ['on 5-May-2021', '5-May-2021'],
    ['I bought my car on May 1st, 1977', 'May 1st, 1977'],
    ['le 12 mars 2020', '12 mars 2020'],
    ['el 3 de marzo de 2020', '3 de marzo de 2020'],
    ['am 5. Mai 2021', '5. Mai 2021'],
    ["We'll meet Sunday", 'Sunday'],
    ['at 10:30 pm', '10:30 pm'],
  ])('finds the date or time in %j', (text, expected) => {
    expect(spans(text, 'DATE_TIME')).toEqual([expected]);
  });

  it('keeps UTF-16 offsets when lower-casing would change the length (İ)', () => {
    const text = 'İİ İstanbul, 5 May 2021. Later we learned she was born 6/4/1967';
    expect(spans(text, 'DATE_TIME')).toEqual(['5 May 2021', '6/4/1967']);
    expect(spans(text, 'DATE_OF_BIRTH')).toEqual(['6/4/1967']);
  });

  it('rejects impossible dates, glued digits, modal "may" and ratios', () => {
    expect(spans('on 13/13/2021', 'DATE_TIME')).toEqual([]);
    expect(spans('Today is5/21', 'DATE_TIME')).toEqual([]);
    expect(spans('you may 5 times', 'DATE_TIME')).toEqual([]);
    expect(spans('mix 3/4 cup', 'DATE_TIME')).toEqual([]);
    expect(spans('2024-13-01', 'DATE_TIME')).toEqual([]);
    expect(spans('version 1.2.3', 'DATE_TIME')).toEqual([]);
    expect(spans('we sold 1972 units', 'DATE_TIME')).toEqual([]);
  });
});

describe('DATE_OF_BIRTH', () => {
  it('promotes a date next to birth words in several languages', () => {
    expect(spans('She was born on 6/4/1967.', 'DATE_OF_BIRTH')).toEqual(['6/4/1967']);
    expect(spans('DOB: 1988-05-19', 'DATE_OF_BIRTH')).toEqual(['1988-05-19']);
    expect(spans('geboren am 5. Mai 1980', 'DATE_OF_BIRTH')).toEqual(['5. Mai 1980']);
    expect(spans('née le 12 mars 1975', 'DATE_OF_BIRTH')).toEqual(['12 mars 1975']);
    expect(spans('fecha de nacimiento: 03/04/1990', 'DATE_OF_BIRTH')).toEqual(['03/04/1990']);
  });

  it('leaves other dates as DATE_TIME and wins over DATE_TIME when both apply', () => {
    expect(spans('The invoice is due 6/4/2027.', 'DATE_OF_BIRTH')).toEqual([]);
    expect(scoreOf('born on 6/4/1967', 'DATE_OF_BIRTH')).toBeGreaterThan(
      scoreOf('born on 6/4/1967', 'DATE_TIME'),
    );
    expect(spans('birthday party at 10:30', 'DATE_OF_BIRTH')).toEqual([]);
  });
});

describe('AGE', () => {
  it.each([
    ['a 42 year old man', '42'],
    ['she is 42 years old', '42'],
    ['the 42-year-old driver', '42'],
    ['patient aged 67', '67'],
    ['Age: 31', '31'],
    ['er ist 42 Jahre alt', '42'],
    ['tiene 42 años', '42'],
  ])('finds the age in %j', (text, expected) => {
    expect(spans(text, 'AGE')).toEqual([expected]);
  });

  it('does not take durations or impossible ages', () => {
    expect(spans('we worked there for 12 years', 'AGE')).toEqual([]);
    expect(spans('a 300 year old oak', 'AGE')).toEqual([]);
    expect(spans('page 42', 'AGE')).toEqual([]);
  });
});

describe('ZIP_CODE', () => {
  it('needs a state code or postal words', () => {
    expect(spans('3843 Peartree Road, Bamblee, SD 20241', 'ZIP_CODE')).toEqual(['20241']);
    expect(spans('zip code 94105-1234', 'ZIP_CODE')).toEqual(['94105-1234']);
    expect(spans('PLZ 10115 Berlin', 'ZIP_CODE')).toEqual(['10115']);
    expect(spans('we sold 20241 units', 'ZIP_CODE')).toEqual([]);
  });
});
