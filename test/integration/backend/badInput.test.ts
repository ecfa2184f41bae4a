import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName } from '../../../shared/api';
import { testBackend, testClock } from '../../support/backend';

/** Every row of every table, plus the schema version: what "unchanged" means. */
function dump(db: Database): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify({
    version: db.pragma('user_version', { simple: true }),
    tables: tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  });
}

const BIG = 'x'.repeat(100_000);
const GENERIC_BAD: unknown[] = [
  undefined,
  null,
  42,
  'text',
  [],
  [{}],
  true,
  { __proto__: { x: 1 } },
  { extra: 1 },
  { BIG },
];

/** Inputs that are wrong for one channel in particular (real ids filled in by the test). */
function specificBad(channel: ChannelName, ids: { visitId: string; errandId: string }): unknown[] {
  switch (channel) {
    case 'setup.save':
      return [
        { officeId: 'storuman' },
        { officerSignature: 'ANLA' },
        { officeId: 'storuman', officerSignature: 'A' },
        { officeId: 'storuman', officerSignature: BIG },
        { officeId: 'storuman', officerSignature: '<script>' },
        { officeId: 'storuman', officerSignature: '19121212-1212' }, // never a personnummer
        { officeId: 'storuman', officerSignature: '1212121212' },
        { officeId: 'storuman', officerSignature: 'A121212121' },
        { officeId: 'STORUMAN!', officerSignature: 'ANLA' },
        { officeId: BIG, officerSignature: 'ANLA' },
        { officeId: 12, officerSignature: 'ANLA' },
        { officeId: 'atlantis', officerSignature: 'ANLA' },
        { officeId: 'storuman', officerSignature: 'ANLA', role: 'admin' },
      ];
    case 'visits.addErrand':
      return [
        { visitId: ids.visitId, agency: 'XYZ', errandKind: 'skv.id_card' },
        { visitId: ids.visitId, agency: 'FK', errandKind: 'skv.id_card' }, // kind of another agency
        { visitId: ids.visitId, agency: 'SKV', errandKind: 'skv.bribe' },
        { visitId: ids.visitId, agency: 'SKV' },
        { visitId: ids.visitId, agency: 'SKV', errandKind: BIG },
        { visitId: 'not-a-uuid', agency: 'SKV', errandKind: 'skv.id_card' },
        { visitId: '00000000-0000-4000-8000-000000000000', agency: 'SKV', errandKind: 'skv.id_card' },
        { visitId: ids.visitId, agency: 'SKV', errandKind: 'skv.id_card', personnummer: '19121212-1212' },
        { visitId: ids.visitId, agency: ['SKV'], errandKind: 'skv.id_card' },
      ];
    case 'visits.setOutcome':
      return [
        { errandId: ids.errandId, outcome: 'won' },
        { errandId: ids.errandId },
        { errandId: ids.errandId, outcome: null },
        { errandId: 7, outcome: 'done' },
        { errandId: '00000000-0000-4000-8000-000000000000', outcome: 'done' },
        { errandId: ids.errandId, outcome: 'done', note: 'x' },
      ];
    case 'visits.close':
      return [
        { visitId: ids.visitId }, // incomplete: its errand has no outcome
        { visitId: 'nope' },
        { visitId: '00000000-0000-4000-8000-000000000000' },
        { visitId: ids.visitId, force: true },
        {},
      ];
    case 'visits.updateErrand':
      return [
        { errandId: ids.errandId, note: BIG },
        { errandId: ids.errandId, note: 'x'.repeat(1001) },
        { errandId: ids.errandId, note: 'Ring 19121212-1212 i morgon' },
        { errandId: ids.errandId, note: 'pnr 121212 1212' },
        { errandId: ids.errandId, note: '198507099805' },
        { errandId: ids.errandId, language: 'Swedish' },
        { errandId: ids.errandId, lacksEid: 'yes' },
        { errandId: ids.errandId, interpreter: 1 },
        { errandId: 'x', note: 'ok' },
      ];
    case 'tickets.issue':
      return [
        { queueLetter: 'AA', source: 'kiosk' },
        { queueLetter: 'A', source: 'web' },
        { queueLetter: 'Z', source: 'kiosk' },
        { queueLetter: 'a', source: 'kiosk' },
      ];
    case 'tickets.callNext':
    case 'counters.close':
      return [{ counterId: 'lucka-1' }, { counterId: '00000000-0000-4000-8000-000000000000' }];
    case 'tickets.transfer':
      return [
        { ticketId: ids.visitId, queueLetter: 'A' },
        { ticketId: 'x', queueLetter: 'A' },
      ];
    case 'appointments.book':
      return [
        {
          queueLetter: 'T',
          reference: '19121212-1212',
          scheduledAt: '2026-11-23T09:00:00Z',
          agency: null,
          errandKind: null,
        },
        { queueLetter: 'T', reference: 'OK-1', scheduledAt: 'tomorrow', agency: null, errandKind: null },
        {
          queueLetter: 'T',
          reference: 'OK-1',
          scheduledAt: '2026-11-23T09:00:00Z',
          agency: null,
          errandKind: 'skv.id_card',
        },
        { queueLetter: 'Q', reference: 'OK-1', scheduledAt: '2026-11-23T09:00:00Z', agency: null, errandKind: null },
      ];
    case 'appointments.checkIn':
      return [{ reference: '' }, { reference: 'NOPE-NOPE' }, { reference: '<img>' }];
    default:
      return [];
  }
}

describe('malformed input', () => {
  it('every channel rejects every malformed input with a typed error and writes nothing', async () => {
    const t = testBackend({ now: testClock('2026-11-23T10:00:00Z').now });
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
    const visit = await t.call('visits.start', {});
    const withErrand = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    const ids = { visitId: visit.id, errandId: withErrand.errands[0]!.id };
    const before = dump(t.db);

    let tried = 0;
    for (const channel of CHANNEL_NAMES) {
      const inputs = [...GENERIC_BAD, ...specificBad(channel, ids)];
      for (const input of inputs) {
        // Channels that take no input accept {} and nothing else.
        const reply = await t.raw(channel, input);
        expect(reply.ok, `${channel} accepted ${JSON.stringify(input)?.slice(0, 80)}`).toBe(false);
        if (!reply.ok) {
          expect(reply.error.messageKey).toBe(`errors.${reply.error.code}`);
          expect(JSON.stringify(reply.error)).not.toMatch(/at .*\.ts|Error:/); // no stack traces
        }
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(dump(t.db)).toBe(before);
  });

  it('rejects unknown channels and malformed envelopes', async () => {
    const t = testBackend();
    const before = dump(t.db);
    const host = t.backend.host;
    expect(await host.handle({ id: 1, channel: 'db.exec', input: { sql: 'DROP TABLE visits' } })).toEqual({
      id: 1,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', messageKey: 'errors.UNKNOWN_CHANNEL' },
    });
    expect(await host.handle({ id: 2, channel: '__proto__', input: {} })).toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(await host.handle({ id: 3, channel: 'constructor', input: {} })).toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    for (const envelope of [
      null,
      'visits.start',
      [],
      { channel: 'visits.start', input: {} },
      { id: 'x', channel: 'app.status', input: {} },
      { id: 4, channel: 'x'.repeat(100), input: {} },
      { id: 5, channel: 'app.status', input: {}, extra: 1 },
      { id: -1, channel: 'app.status', input: {} },
    ]) {
      const reply = await host.handle(envelope);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('BAD_REQUEST');
    }
    expect(dump(t.db)).toBe(before);
  });

  it('answers INTERNAL, without the message or stack, when a handler fails unexpectedly', async () => {
    const t = testBackend();
    const logged: unknown[] = [];
    const { createHost } = await import('../../../electron/backend/host');
    const { handlers } = await import('../../../electron/backend/handlers/index');
    const host = createHost(
      {
        ...handlers,
        'app.status': () => {
          throw new Error('disk on fire at /secret/path');
        },
      },
      t.backend.context!,
      (e) => logged.push(e),
    );
    const reply = await host.handle({ id: 9, channel: 'app.status', input: {} });
    expect(reply).toEqual({ id: 9, ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } });
    expect(logged).toEqual([
      expect.objectContaining({ level: 'error', msg: 'disk on fire at /secret/path', channel: 'app.status' }),
    ]);
  });
});
