import { describe, expect, it } from 'vitest';
import { isWorkingDay, notePurgeAfter } from '../../../electron/backend/retention';

describe('note retention: end of the next working day, Stockholm', () => {
  it('a note written on a Monday goes at the end of Tuesday', () => {
    // Tue 24 Nov 2026 ends at 00:00 CET on Wed 25 Nov = 23:00 UTC on the 24th.
    expect(notePurgeAfter(new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-24T23:00:00.000Z');
  });

  it('skips the weekend: Friday → end of Monday', () => {
    expect(notePurgeAfter(new Date('2026-11-27T15:00:00Z'))).toBe('2026-11-30T23:00:00.000Z');
  });

  it('skips holidays and the days offices keep closed (julafton, juldagen, annandag jul)', () => {
    expect(isWorkingDay('2026-12-24')).toBe(false);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-06-19')).toBe(false); // midsommarafton
    expect(isWorkingDay('2026-12-28')).toBe(true);
    // Wed 23 Dec → next working day is Mon 28 Dec.
    expect(notePurgeAfter(new Date('2026-12-23T09:00:00Z'))).toBe('2026-12-28T23:00:00.000Z');
  });

  it('uses the local day, not UTC: 23:30 UTC Sunday is already Monday in Stockholm', () => {
    // Written Mon 30 Mar 2026 01:30 CEST → end of Tue 31 Mar = 22:00 UTC (summer time).
    expect(notePurgeAfter(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-31T22:00:00.000Z');
  });

  it('crosses the autumn DST change correctly', () => {
    // Fri 23 Oct 2026 → next working day Mon 26 Oct (CET after the 25th): ends 23:00 UTC.
    expect(notePurgeAfter(new Date('2026-10-23T08:00:00Z'))).toBe('2026-10-26T23:00:00.000Z');
  });
});
