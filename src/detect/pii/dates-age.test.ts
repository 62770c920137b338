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
    ['she came on the 3rd of May.', '3rd of May'],
    ['Meet me May 3rd', 'May 3rd'],
    ['on may 3rd we left', 'may 3rd'],
    ['It happened in 1998.', '1998'],
    ['the class of 2010 met', '2010'],
    ['Since 2005, she has lived there', '2005'],
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

  it('takes a year alone only after words that make it one, never before a count', () => {
    expect(spans('from 1990 to 1995 he lived there', 'DATE_TIME')).toEqual(['1990', '1995']);
    expect(spans('in 2000 units', 'DATE_TIME')).toEqual([]);
    expect(spans('by 2000 votes', 'DATE_TIME')).toEqual([]);
    expect(spans('from 2000 to 3000 requests', 'DATE_TIME')).toEqual([]);
    expect(spans('port 2000 is open', 'DATE_TIME')).toEqual([]);
    expect(spans('release 2019.3 and build 2024-1 in $2000', 'DATE_TIME')).toEqual([]);
    expect(spans('in 1024 chunks of 2048', 'DATE_TIME')).toEqual([]);
    expect(spans('I have 3 of May’s books', 'DATE_TIME')).toEqual([]);
    expect(spans('you may 3 times', 'DATE_TIME')).toEqual([]);
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
    ['she is 35 years of age', '35'],
    ['she turned 42 last week', '42'],
    ["I'm 42.", '42'],
    ['he is 30 and lives in Leeds', '30'],
  ])('finds the age in %j', (text, expected) => {
    expect(spans(text, 'AGE')).toEqual([expected]);
  });

  it('does not take durations or impossible ages', () => {
    expect(spans('we worked there for 12 years', 'AGE')).toEqual([]);
    expect(spans('a 300 year old oak', 'AGE')).toEqual([]);
    expect(spans('page 42', 'AGE')).toEqual([]);
    expect(spans("I'm 5 minutes away", 'AGE')).toEqual([]);
    expect(spans('I am 100% sure', 'AGE')).toEqual([]);
    expect(spans('the wheel turned 90 degrees', 'AGE')).toEqual([]);
    expect(spans('it is 42.', 'AGE')).toEqual([]);
  });
});

describe('ZIP_CODE', () => {
  it('needs a state code or name, or postal words', () => {
    expect(spans('3843 Peartree Road, Bamblee, SD 20241', 'ZIP_CODE')).toEqual(['20241']);
    expect(spans('zip code 94105-1234', 'ZIP_CODE')).toEqual(['94105-1234']);
    expect(spans('PLZ 10115 Berlin', 'ZIP_CODE')).toEqual(['10115']);
    expect(spans('I live in Austin, Texas 78701 now', 'ZIP_CODE')).toEqual(['78701']);
    expect(spans('90210 is my zip', 'ZIP_CODE')).toEqual(['90210']);
    expect(spans('we sold 20241 units', 'ZIP_CODE')).toEqual([]);
    expect(spans('order 20241 shipped to TXT 12345', 'ZIP_CODE')).toEqual([]);
  });

  it('takes ZIP+4 alone as a ZIP code, not a phone, unless the words around say otherwise', () => {
    expect(spans('Ship it to 90210-1234 please.', 'ZIP_CODE')).toEqual(['90210-1234']);
    expect(spans('Ship it to 90210-1234 please.', 'PHONE')).toEqual([]);
    expect(spans('Call me on 90210-1234.', 'PHONE')).toEqual(['90210-1234']);
    expect(spans('Invoice 90210-1234 is overdue.', 'ZIP_CODE')).toEqual([]);
  });

  it('scores a code alone above one that may close a street address', () => {
    expect(scoreOf('My zip code is 90210', 'ZIP_CODE')).toBeGreaterThanOrEqual(0.85);
    expect(scoreOf('Dallas, TX 75201', 'ZIP_CODE')).toBeGreaterThanOrEqual(0.85);
    // The tagger's ADDRESS span for the whole line should win the overlap.
    expect(scoreOf('500 Oak Lane\nDallas, TX 75201', 'ZIP_CODE')).toBeLessThan(0.55);
  });

  it('finds UK and Canadian postcodes by shape', () => {
    expect(spans('Her postcode is SW1A 1AA in London.', 'ZIP_CODE')).toEqual(['SW1A 1AA']);
    expect(spans('Ottawa, ON K1A 0B1', 'ZIP_CODE')).toEqual(['K1A 0B1']);
    expect(spans('model A4 and size 10 XL, code QV2 4ZZ9', 'ZIP_CODE')).toEqual([]);
  });
});
