import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/en.json';
import sv from '../../renderer/i18n/sv.json';
import { AGENCIES, ALL_ERRAND_KINDS, OFFICE_KINDS, OUTCOMES } from '../../shared/domain';
import { ERROR_CODES } from '../../shared/errors';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const lookup = (cat: object, key: string) =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], cat);

describe('i18n catalogue', () => {
  it('has the same keys in Swedish and English', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });

  it('names every error code, agency, errand kind, outcome and office kind', () => {
    const needed = [
      ...ERROR_CODES.map((c) => `errors.${c}`),
      ...AGENCIES.map((a) => `agency.${a}`),
      ...ALL_ERRAND_KINDS.map((k) => `errand.${k}`),
      ...OUTCOMES.map((o) => `outcome.${o}`),
      ...OFFICE_KINDS.map((k) => `officeKind.${k}`),
    ];
    for (const cat of [sv, en]) {
      const missing = needed.filter((k) => typeof lookup(cat, k) !== 'string');
      expect(missing).toEqual([]);
    }
  });
});
