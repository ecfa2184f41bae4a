import Personnummer from 'personnummer';

/**
 * Checks a personnummer or samordningsnummer typed into a guide step, in memory only:
 * the caller keeps the age and forgets the number (docs/domain.md, Privacy). The library
 * (personnummer, by the personnummer project) handles century, date, check digit and
 * the samordningsnummer's day+60.
 */
export type PersonnummerCheck =
  | { ok: true; age: number; coordinationNumber: boolean }
  | { ok: false; reason: 'format' | 'check_digit' | 'date' | 'coordination_not_allowed' };

const SHAPE = /^(\d{2})?(\d{6})[-+]?(\d{4})$/;

/** Luhn over the ten digits YYMMDDNNNC: lets the message say which part is wrong. */
function luhnOk(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whole years between a birth date and the local day `today` (YYYY-MM-DD). */
function ageOn(birth: Date, today: string): number {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const by = birth.getFullYear();
  const bm = birth.getMonth() + 1;
  const bd = birth.getDate();
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function checkPersonnummer(
  raw: string,
  options: { allowCoordinationNumber: boolean; today: string },
): PersonnummerCheck {
  const input = raw.replace(/\s/g, '');
  const match = SHAPE.exec(input);
  if (!match) return { ok: false, reason: 'format' };
  if (!luhnOk(`${match[2]}${match[3]}`)) return { ok: false, reason: 'check_digit' };
  if (!Personnummer.valid(input, { allowCoordinationNumber: true, allowInterimNumber: false }))
    return { ok: false, reason: 'date' };
  const pnr = Personnummer.parse(input, { allowCoordinationNumber: true, allowInterimNumber: false });
  if (pnr.isCoordinationNumber() && !options.allowCoordinationNumber)
    return { ok: false, reason: 'coordination_not_allowed' };
  const age = ageOn(pnr.getDate(), options.today);
  if (age < 0) return { ok: false, reason: 'date' };
  return { ok: true, age, coordinationNumber: pnr.isCoordinationNumber() };
}
