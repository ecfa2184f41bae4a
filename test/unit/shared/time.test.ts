import { describe, expect, it } from 'vitest';
import { stockholmDate, stockholmInstant, stockholmTime } from '../../../shared/time';

describe('stockholmDate: the local day visits count on', () => {
  it('is not the UTC day around midnight (CET, winter)', () => {
    expect(stockholmDate(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
    expect(stockholmDate(new Date('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
  });

  it('is not the UTC day around midnight (CEST, summer)', () => {
    expect(stockholmDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(stockholmDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('handles the spring DST day (2026-03-29, 23 hours long)', () => {
    expect(stockholmDate(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29'); // 00:00 CET
    expect(stockholmTime(new Date('2026-03-29T00:59:59Z'))).toBe('01:59');
    expect(stockholmTime(new Date('2026-03-29T01:00:00Z'))).toBe('03:00'); // clocks jump
    expect(stockholmDate(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(stockholmDate(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });

  it('handles the autumn DST day (2026-10-25, 25 hours long)', () => {
    expect(stockholmDate(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25'); // 00:00 CEST
    expect(stockholmTime(new Date('2026-10-25T00:30:00Z'))).toBe('02:30'); // first 02:30 (CEST)
    expect(stockholmTime(new Date('2026-10-25T01:30:00Z'))).toBe('02:30'); // second 02:30 (CET)
    expect(stockholmDate(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(stockholmDate(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });
});

describe('stockholmInstant: local wall-clock time to UTC', () => {
  it('uses the offset in force that day', () => {
    expect(stockholmInstant('2026-01-15', '09:30').toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(stockholmInstant('2026-07-01', '09:30').toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(stockholmInstant('2026-03-29', '03:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('the cached offset agrees with the time-zone database', () => {
  it('every half hour of 2025–2027, DST changes included', () => {
    const reference = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const mismatches: string[] = [];
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 30 * 60_000) {
      const instant = new Date(t);
      const expected = reference.format(instant); // "2026-10-25 02:30"
      const got = `${stockholmDate(instant)} ${stockholmTime(instant)}`;
      if (got !== expected) mismatches.push(`${instant.toISOString()}: ${got} ≠ ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});
