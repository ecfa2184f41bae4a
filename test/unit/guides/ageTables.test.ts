import { describe, expect, it } from 'vitest';
import type { Guide, GuidePackage } from '../../../shared/guide';
import { ageLimit, nodeMap, walk } from '../../../shared/guideWalk';
import { readJson } from '../../../scripts/guides/packages';

/**
 * The riktålder rules as data: the shipped Pensionsmyndigheten guide, walked with the
 * birth year and today's date on either side of 2026-01-01, when the riktålder starts
 * to govern the ages.
 */
const pm = readJson('assets/guides/pm.json') as GuidePackage;
const pension = pm.guides.find((g) => g.errandKind === 'pm.general_pension')!;
const housing = pm.guides.find((g) => g.errandKind === 'pm.housing_supplement')!;
const table = (guide: Guide, id: string) => nodeMap(guide).tables.get(id)!;

/** Where the pension guide goes after the age and birth year (the step after the birth-year question). */
function afterBirthYear(age: number, born: number, today: string): string {
  return walk(pension, { capabilities: [], today }, { age, birth_year: born }).current.id;
}

describe('age tables by birth year (riktålder)', () => {
  it('earliest withdrawal: 63 for those born 1961 and 1962 in 2025 and 2026; 64 from 2026 for those born 1963', () => {
    const earliest = table(pension, 'earliest_withdrawal');
    for (const today of ['2025-06-15', '2026-06-15']) {
      expect(ageLimit(earliest, 1961, today)).toBe(63);
      expect(ageLimit(earliest, 1962, today)).toBe(63);
    }
    expect(ageLimit(earliest, 1963, '2025-12-31')).toBe(63);
    expect(ageLimit(earliest, 1963, '2026-01-01')).toBe(64);
    expect(ageLimit(earliest, 1960, '2026-06-15')).toBe(62);
  });

  it('guarantee pension and housing supplement: 66 for born 1958–1959, 67 from 2026 for born 1960 and later', () => {
    for (const [guide, id] of [
      [pension, 'guarantee_age'],
      [housing, 'housing_supplement_age'],
    ] as const) {
      const t = table(guide, id);
      expect(ageLimit(t, 1957, '2026-06-15')).toBe(65);
      expect(ageLimit(t, 1959, '2026-06-15')).toBe(66);
      expect(ageLimit(t, 1960, '2025-06-15')).toBe(66);
      expect(ageLimit(t, 1960, '2026-06-15')).toBe(67);
      expect(ageLimit(t, 1961, '2026-06-15')).toBe(67);
    }
  });

  it('a 63-year-old born 1963 is not told to start drawing in 2026: the application may go in, the pension starts at 64', () => {
    expect(afterBirthYear(63, 1963, '2026-12-02')).toBe('apply_ahead');
    expect(afterBirthYear(62, 1963, '2026-06-15')).toBe('too_early');
    // In 2025 the rules then in force made 63 the earliest age for everyone born 1961 or later.
    expect(afterBirthYear(62, 1963, '2025-06-15')).toBe('apply_ahead');
  });

  it('born 1961 and 1962 may draw from 63 in both years; the guarantee benefits wait for the table age', () => {
    for (const today of ['2025-06-15', '2026-06-15']) {
      expect(afterBirthYear(63, 1961, today)).toBe('guarantee_later');
      expect(afterBirthYear(63, 1962, today)).toBe('guarantee_later');
      expect(afterBirthYear(62, 1962, today)).toBe('apply_ahead');
      expect(afterBirthYear(61, 1962, today)).toBe('too_early');
    }
    // Born 1960 reaches 66 in 2026: the riktålder (67) now applies to that year.
    expect(afterBirthYear(66, 1960, '2025-12-31')).toBe('start_date');
    expect(afterBirthYear(66, 1960, '2026-06-15')).toBe('guarantee_later');
  });

  it('housing supplement: the same 66-year-old born 1960 may apply in 2025 but not in 2026', () => {
    const at = (today: string) => walk(housing, { capabilities: [], today }, { age: 66, birth_year: 1960 }).current.id;
    expect(at('2025-06-15')).toBe('full_pension');
    expect(at('2026-06-15')).toBe('too_young');
  });

  it('a later row replaces an earlier one only for the birth years it covers, and only from its validFrom', () => {
    const t = {
      id: 't',
      label: 'x',
      rows: [
        { validFrom: '2020-01-01', age: 60 },
        { validFrom: '2030-01-01', bornFrom: 2000, age: 70 },
      ],
    };
    expect(ageLimit(t, 1999, '2031-01-01')).toBe(60);
    expect(ageLimit(t, 2000, '2029-12-31')).toBe(60);
    expect(ageLimit(t, 2000, '2030-01-01')).toBe(70);
    expect(ageLimit(t, 2000, '2019-12-31')).toBeUndefined();
  });
});
