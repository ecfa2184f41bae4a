import { describe, expect, it } from 'vitest';
import { testBackend, testClock } from '../../support/backend';

/**
 * Issue 18: the office is confirmed on the first start of each local day and after every
 * switch, before the counter opens; the first supervisor passphrase of an office is the home
 * office's (or a trusted office's), never won by switching.
 */
describe('start of day at a travelling device', () => {
  it('asks on first setup, not again the same day, again on the next Stockholm day and after a switch', async () => {
    const clock = testClock('2026-11-23T06:30:00Z');
    const b = testBackend({ now: clock.now });
    expect(await b.call('setup.confirmation', {})).toEqual({ officeId: null, confirmedOn: null, needed: false });
    await b.call('setup.save', { officeId: 'tingsryd', officerSignature: 'ANLA' });
    expect((await b.call('setup.confirmation', {})).needed).toBe(true);
    // Only the office set up now can be confirmed.
    expect(await b.raw('setup.confirmOffice', { officeId: 'vaxjo' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: [{ path: 'officeId', issue: 'not_current_office' }] },
    });
    expect(await b.call('setup.confirmOffice', { officeId: 'tingsryd' })).toEqual({
      officeId: 'tingsryd',
      confirmedOn: '2026-11-23',
      needed: false,
    });
    // Later the same day (22:59 UTC is 23:59 in Stockholm): no question.
    clock.set('2026-11-23T22:59:00Z');
    expect((await b.call('setup.confirmation', {})).needed).toBe(false);
    // 00:01 in Stockholm is a new day.
    clock.set('2026-11-23T23:01:00Z');
    expect((await b.call('setup.confirmation', {})).needed).toBe(true);
    await b.call('setup.confirmOffice', { officeId: 'tingsryd' });
    // A new signature at the same office keeps the confirmation; a switch needs a new one.
    await b.call('setup.save', { officeId: 'tingsryd', officerSignature: 'BOKA' });
    expect((await b.call('setup.confirmation', {})).needed).toBe(false);
    await b.call('setup.save', { officeId: 'vaxjo-araby', officerSignature: 'BOKA' });
    expect(await b.call('setup.confirmation', {})).toEqual({
      officeId: 'vaxjo-araby',
      confirmedOn: null,
      needed: true,
    });
  });

  it("the home office's first passphrase may be set here; an office switched to may not, even after switching back", async () => {
    const b = testBackend({ now: testClock('2026-11-23T08:00:00Z').now });
    await b.call('setup.save', { officeId: 'tingsryd', officerSignature: 'ANLA' });
    await b.call('setup.save', { officeId: 'vaxjo', officerSignature: 'ANLA' });
    expect(
      await b.raw('supervisor.setPassphrase', { officeId: 'vaxjo', passphrase: 'växjös handledare' }),
    ).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_FIRST_NOT_ALLOWED' } });
    // Not for another office than the one set up now, either.
    expect(
      await b.raw('supervisor.setPassphrase', { officeId: 'tingsryd', passphrase: 'tingsryds handledare' }),
    ).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_FIRST_NOT_ALLOWED' } });
    await b.call('setup.save', { officeId: 'tingsryd', officerSignature: 'ANLA' });
    expect(
      (await b.raw('supervisor.setPassphrase', { officeId: 'tingsryd', passphrase: 'tingsryds handledare' })).ok,
    ).toBe(true);
  });
});
