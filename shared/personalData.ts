/**
 * The one rule for "could this text hold a personal identity number" (personnummer or
 * samordningsnummer; domain.md, Privacy). Every free-text input of the desktop and the
 * central service goes through it (the zod schemas in shared/api.ts and shared/sync.ts).
 * Pure: no Node or DOM APIs, so the renderer, the backend and the service share it.
 *
 * How it reads a text:
 * 1. Unicode compatibility forms become plain (NFKC: fullwidth, mathematical, circled and
 *    superscript digits become 0–9), and every other decimal digit (Arabic-Indic,
 *    Devanagari, …) becomes its ASCII digit.
 * 2. The text is cut into groups of digits. Between two groups only separators may stand:
 *    any dash or hyphen, a minus sign, "+", dots, "/", "_", ",", "'", any space or line
 *    break, and invisible characters (zero-width space, soft hyphen, bidi marks, combining
 *    marks). A letter or any other sign ends a number: "PNR199001011234X" still holds one.
 * 3. Every run of neighbouring groups whose digits add up to 10 or 12 is a candidate
 *    (so "1990 01 01-1234" and "900101 1234" are, and a stray "2 " before one does not hide it).
 * 4. A candidate is refused when it could be a personnummer or samordningsnummer: 12 digits
 *    start with century 18, 19 or 20; then YYMMDD is a real calendar date, or the same with
 *    the day + 60 (samordningsnummer). The check digit is NOT required: a mistyped number
 *    still points at a person, and refusing a few look-alikes is the cheaper mistake.
 *
 * What passes on purpose: numbers of other lengths (a 9-digit clearing+account, an
 * 11-digit "+46 70 123 45 67", a 16-digit OCR), and 10/12-digit numbers whose "date" is
 * impossible (most Swedish landline numbers: "08-123 456 78" would be day 34). What does
 * not pass: a domestic mobile number such as "070-123 45 67" reads as 2007-01-23 and is
 * refused like the personnummer it could be; a phone number is personal data too, and a
 * note or a queue name does not need one. Digits glued to a longer run (13+ digits with
 * no separator) are not searched inside: the rule catches a number written in any
 * spelling, not one deliberately disguised.
 */

/** Separators that may stand inside a written number; anything else ends it. */
const SEPARATOR = /[\p{Pd}\u2212+.\u00B7\u2022\u2024\u2027\u2219\u22C5\u30FB/_,'\s\p{Zs}\p{Cf}\p{M}\p{Cc}]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * The ASCII value of one Unicode decimal digit. Unicode keeps each script's digits as one
 * contiguous run 0–9 (and neighbouring runs are whole), so the distance from the start of
 * the run of digits it stands in, modulo ten, is its value.
 */
function digitValue(digit: string): string {
  const code = digit.codePointAt(0)!;
  if (code <= 0x39) return digit;
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((code - start) % 10);
}

/** The groups of digits in a text and, for each, whether only separators stood between it and the one before. */
function digitGroups(text: string): { digits: string; joinsPrevious: boolean }[] {
  const groups: { digits: string; joinsPrevious: boolean }[] = [];
  let inGroup = false;
  let onlySeparatorsSince = true;
  for (const ch of text.normalize('NFKC')) {
    if (DECIMAL_DIGIT.test(ch)) {
      if (!inGroup) groups.push({ digits: '', joinsPrevious: groups.length > 0 && onlySeparatorsSince });
      groups[groups.length - 1]!.digits += digitValue(ch);
      inGroup = true;
      onlySeparatorsSince = true;
    } else {
      inGroup = false;
      if (!SEPARATOR.test(ch)) onlySeparatorsSince = false;
    }
  }
  return groups;
}

function daysInMonth(year: number | null, month: number): number {
  if (month === 2) {
    // Without a century, 29 February is possible when either 19YY or 20YY is a leap year.
    if (year === null) return 29;
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Could these 10 or 12 digits be a personnummer or samordningsnummer (check digit not required)? */
export function couldBePersonalNumber(digits: string): boolean {
  if (!/^(\d{10}|\d{12})$/.test(digits)) return false;
  let year: number | null = null;
  let rest = digits;
  if (digits.length === 12) {
    const century = digits.slice(0, 2);
    if (century !== '18' && century !== '19' && century !== '20') return false;
    year = Number(digits.slice(0, 4));
    rest = digits.slice(2);
  } else if (Number(digits.slice(0, 2)) % 4 !== 0) {
    year = 1901; // any non-leap year: only 29 February depends on it
  }
  const month = Number(rest.slice(2, 4));
  const rawDay = Number(rest.slice(4, 6));
  if (month < 1 || month > 12) return false;
  const day = rawDay > 60 ? rawDay - 60 : rawDay; // samordningsnummer: day + 60
  return day >= 1 && day <= daysInMonth(year, month);
}

/** Every 10- or 12-digit number written in the text that could be a personal identity number. */
export function personalNumbersIn(text: string): string[] {
  const groups = digitGroups(text);
  const found: string[] = [];
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 12; j++) {
      if (j > i && !groups[j]!.joinsPrevious) break;
      digits += groups[j]!.digits;
      if (couldBePersonalNumber(digits)) found.push(digits);
    }
  }
  return found;
}

/** True when the text could hold a personnummer or samordningsnummer in any spelling the rule knows. */
export function mayHoldPersonalNumber(text: string): boolean {
  return personalNumbersIn(text).length > 0;
}

/** The zod refinement message every free-text field uses; the renderer maps it to a Swedish text. */
export const PERSONAL_NUMBER_ISSUE = 'personal_number';

/** For a zod string's `.refine(...)`: refuses text that could hold a personal identity number, with the issue the UI explains. */
export const NO_PERSONAL_NUMBER = [
  (text: string) => !mayHoldPersonalNumber(text),
  { message: PERSONAL_NUMBER_ISSUE },
] as const;
