import { describe, expect, it } from 'vitest';
import { checkPersonnummer } from '../../../renderer/guide/personnummer';

// Skatteverket's published test numbers (testpersonnummer) and hand-made samordningsnummer.
const today = '2026-11-24';
const check = (pnr: string, allowCoordinationNumber = true) =>
  checkPersonnummer(pnr, { allowCoordinationNumber, today });

describe('personnummer step', () => {
  it('accepts 10 and 12 digits, with or without separator, and gives the age on the local day', () => {
    expect(check('198112189876')).toEqual({ ok: true, age: 44, coordinationNumber: false });
    expect(check('811218-9876')).toEqual({ ok: true, age: 44, coordinationNumber: false });
    expect(check('19811218 9876')).toEqual({ ok: true, age: 44, coordinationNumber: false });
  });

  it('counts age to the day', () => {
    // 2012-11-25: thirteen tomorrow, twelve today.
    const born = '201211252380';
    expect(checkPersonnummer(born, { allowCoordinationNumber: false, today: '2025-11-24' })).toMatchObject({ age: 12 });
    expect(checkPersonnummer(born, { allowCoordinationNumber: false, today: '2025-11-25' })).toMatchObject({ age: 13 });
  });

  it('names what is wrong: shape, check digit, date', () => {
    expect(check('12345')).toEqual({ ok: false, reason: 'format' });
    expect(check('19811218-987X')).toEqual({ ok: false, reason: 'format' });
    expect(check('198112189877')).toEqual({ ok: false, reason: 'check_digit' });
    // Valid check digit over an impossible date (month 13).
    expect(check('811318-9875')).toEqual({ ok: false, reason: 'date' });
  });

  it('knows the samordningsnummer (day + 60) and refuses it where the step does not allow it', () => {
    expect(check('701063-2391')).toEqual({ ok: true, age: 56, coordinationNumber: true });
    expect(check('701063-2391', false)).toEqual({ ok: false, reason: 'coordination_not_allowed' });
  });
});
