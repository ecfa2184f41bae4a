import Personnummer from 'personnummer';
import { describe, expect, it } from 'vitest';
import { couldBePersonalNumber, mayHoldPersonalNumber, personalNumbersIn } from '../../../shared/personalData';
import { mulberry32 } from '../../support/prng';

/** Luhn check digit over the nine digits YYMMDDNNN. */
function checkDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

interface Generated {
  /** YYYYMMDDNNNC */
  twelve: string;
  coordination: boolean;
}

/** Valid personnummer and samordningsnummer (right date, day + 60, check digit), born 1900–2025. */
function generate(count: number, seed: number): Generated[] {
  const random = mulberry32(seed);
  const out: Generated[] = [];
  while (out.length < count) {
    const year = 1900 + Math.floor(random() * 126);
    const month = 1 + Math.floor(random() * 12);
    const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = 1 + Math.floor(random() * dim);
    const coordination = random() < 0.3;
    const dd = String(coordination ? day + 60 : day).padStart(2, '0');
    const serial = String(1 + Math.floor(random() * 999)).padStart(3, '0');
    const nine = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${dd}${serial}`;
    out.push({ twelve: `${Math.floor(year / 100)}${nine}${checkDigit(nine)}`, coordination });
  }
  return out;
}

/** Each ASCII digit in another script's decimal digits (the zero's code point). */
const DIGIT_ZEROS = {
  fullwidth: 0xff10,
  arabicIndic: 0x0660,
  easternArabic: 0x06f0,
  devanagari: 0x0966,
  bengali: 0x09e6,
  thai: 0x0e50,
  mathBold: 0x1d7ce,
  mathMonospace: 0x1d7f6,
  osmanya: 0x104a0, // outside the BMP, and not folded by NFKC
  adlam: 0x1e950,
};
const inScript = (digits: string, zero: number) =>
  [...digits].map((d) => (/\d/.test(d) ? String.fromCodePoint(zero + Number(d)) : d)).join('');

const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D', '+'];
const INVISIBLES = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD', '\uFEFF', '\u200E', '\u202F', '\u00A0'];

/** Every spelling of one number the rule is meant to know. */
function spellings({ twelve }: Generated): string[] {
  const ten = twelve.slice(2);
  const [c, yy, mm, dd, last] = [twelve.slice(0, 2), ten.slice(0, 2), ten.slice(2, 4), ten.slice(4, 6), ten.slice(6)];
  const base = [
    twelve,
    ten,
    `${c}${yy}${mm}${dd}-${last}`,
    `${yy}${mm}${dd}-${last}`,
    `${yy}${mm}${dd}+${last}`,
    `${yy}${mm}${dd} ${last}`,
    `${c}${yy} ${mm} ${dd} ${last}`,
    `${yy} ${mm} ${dd}-${last}`,
    `${c}${yy}-${mm}-${dd}-${last}`,
    `${c}${yy}.${mm}.${dd}.${last}`,
    `${yy}.${mm}.${dd}-${last}`,
    `${c}${yy}/${mm}/${dd}-${last}`,
    `${yy}${mm}${dd}\t${last}`,
    `${yy}${mm}${dd}\n${last}`,
    `${yy}${mm}${dd} - ${last}`,
    `${ten.slice(0, 3)} ${ten.slice(3, 6)} ${ten.slice(6, 8)} ${ten.slice(8)}`,
    [...ten].join(' '),
  ];
  const out = [...base];
  for (const dash of DASHES) out.push(`${yy}${mm}${dd}${dash}${last}`, `${c}${yy}${mm}${dd}${dash}${last}`);
  for (const inv of INVISIBLES) out.push([...ten].join(inv), `${c}${yy}${mm}${dd}${inv}-${inv}${last}`);
  for (const zero of Object.values(DIGIT_ZEROS))
    out.push(inScript(`${yy}${mm}${dd}-${last}`, zero), inScript(twelve, zero));
  // Mixed scripts in one number.
  out.push(`${inScript(yy, DIGIT_ZEROS.fullwidth)}${mm}${inScript(dd, DIGIT_ZEROS.arabicIndic)}\u2013${last}`);
  // Letters and words around it, a stray number before it.
  const withContext = base
    .slice(0, 4)
    .flatMap((s) => [
      `PNR${s}`,
      `PNR-${s}`,
      `${s}X`,
      `a${s}b`,
      `Besökaren (${s}) vill flytta.`,
      `Ring upp, pnr: ${s}.`,
      `rum 2 ${s}`,
      `${s} 3 st`,
    ]);
  return [...out, ...withContext];
}

describe('the personal-number rule (shared/personalData.ts)', () => {
  const corpus = generate(400, 20261202);

  it('the corpus is real: every generated number is valid by the personnummer library', () => {
    for (const g of corpus)
      expect(Personnummer.valid(g.twelve, { allowCoordinationNumber: true, allowInterimNumber: false }), g.twelve).toBe(
        true,
      );
    expect(corpus.filter((g) => g.coordination).length).toBeGreaterThan(50);
  });

  it('finds every valid number in every spelling', () => {
    let checked = 0;
    for (const g of corpus) {
      for (const text of spellings(g)) {
        const found = personalNumbersIn(text);
        expect(found.length, JSON.stringify(text)).toBeGreaterThan(0);
        expect(
          found.some((f) => f === g.twelve || f === g.twelve.slice(2)),
          JSON.stringify(text),
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400 * 80);
  });

  it('does not need the check digit: a mistyped number still points at a person', () => {
    for (const g of corpus.slice(0, 50)) {
      const wrong = `${g.twelve.slice(0, 11)}${(Number(g.twelve[11]) + 1) % 10}`;
      expect(mayHoldPersonalNumber(wrong)).toBe(true);
    }
  });

  it('lets look-alikes pass: dates, times, amounts, other lengths, impossible dates, international phone numbers', () => {
    const mustPass = [
      '',
      'Behöver tolk, arabiska. Återkommer med intyg.',
      'Besök 2026-12-02 kl. 10:15',
      '2026-12-02 10:15–11:30',
      'Avgift 1 234,50 kr',
      'Ärende 12345',
      'Postnummer 123 45 Stockholm',
      // 9, 11, 13 and 16 digits
      '123456789',
      '+46 70 123 45 67',
      '+46701234567',
      '0046 8 123 456 78',
      '1234567890123',
      'OCR 1234 5678 9012 3456',
      // 10 and 12 digits that cannot be a date (month 13+, month 00, day 00, day 32–60, day 92+, century 21+)
      '08-123 456 78',
      '0812345678',
      '9913011234',
      '9900011234',
      '9901001234',
      '9901321234',
      '9901601234',
      '9901921234',
      '210001011234',
      '170001011234',
      // 29 February only in leap years when the century is written
      '190002291234',
      '202302291234',
      // a date and a time not written as one number
      '1990-01-01 kl 12:34',
      // ticket numbers, booking codes, versions
      'A001 B002 C003',
      'BK-4711',
      'v1.2.3.4',
    ];
    for (const text of mustPass) expect(personalNumbersIn(text), text).toEqual([]);
  });

  it('treats a domestic mobile number that reads as a date like the personnummer it could be', () => {
    // 070-123 45 67 is 2007-01-23 (or 1907): indistinguishable from a real number, so refused.
    expect(mayHoldPersonalNumber('070-123 45 67')).toBe(true);
    expect(mayHoldPersonalNumber('0701234567')).toBe(true);
    // One whose "date" cannot be passes.
    expect(mayHoldPersonalNumber('070-003 45 67')).toBe(false);
  });

  it('reads 10 digits without a century as either century (29 February in a year divisible by four)', () => {
    expect(couldBePersonalNumber('0002291234')).toBe(true);
    expect(couldBePersonalNumber('0102291234')).toBe(false);
    expect(couldBePersonalNumber('200002291234')).toBe(true);
    expect(couldBePersonalNumber('190002291234')).toBe(false);
    expect(couldBePersonalNumber('9202891234')).toBe(true); // samordningsnummer, 29 + 60
    expect(couldBePersonalNumber('9102891234')).toBe(false);
  });
});
