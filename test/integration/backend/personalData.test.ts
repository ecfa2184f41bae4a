import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChannelName } from '../../../shared/api';
import offices from '../../../assets/offices/offices.sample.json';
import sv from '../../../renderer/i18n/sv.json';
import { DeviceName } from '../../../shared/sync';
import { testBackend, testClock } from '../../support/backend';

/**
 * Every free-text field of the desktop refuses a personnummer or samordningsnummer in every
 * spelling the adversarial pass used (issue 15), with a typed VALIDATION naming the field,
 * and stores nothing; and each field still takes what a real officer writes there.
 */

const SPELLINGS = [
  '19900101-0017',
  '199001010017',
  '900101-0017',
  '900101+0017',
  '900101 0017',
  '1990 01 01 0017',
  '900101\u20100017', // Unicode hyphen
  '900101\u20130017', // en dash
  '900101\u22120017', // minus sign
  '９００１０１－００１７', // fullwidth
  '٩٠٠١٠١-٠٠١٧', // Arabic-Indic digits
  '9001\u200b01-0017', // zero-width space
  '90.01.01-0017',
  '90-01-01-0017',
  'PNR900101-0017',
  '900101-0017X',
  '701063-2391', // samordningsnummer (day + 60)
];

function dump(db: Database): string {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]));
}

async function office() {
  const t = testBackend({ now: testClock('2026-11-23T08:00:00Z').now });
  await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
  return t;
}

describe('free-text fields refuse a personal identity number in any spelling', () => {
  it('every field, every spelling: VALIDATION on the field, nothing stored', async () => {
    const t = await office();
    const visit = await t.call('visits.start', {});
    const withErrand = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    const errandId = withErrand.errands[0]!.id;
    const before = dump(t.db);
    const fields: [ChannelName, string, (text: string) => unknown][] = [
      ['visits.updateErrand', 'note', (note) => ({ errandId, note: `Ring tillbaka, ${note}.` })],
      [
        'queues.save',
        'name',
        (name) => ({
          letter: 'C',
          name: `Kö ${name}`.slice(0, 40),
          agencies: [],
          errandKinds: [],
          priority: 0,
          kiosk: true,
          active: true,
        }),
      ],
      [
        'appointments.book',
        'reference',
        (reference) => ({
          queueLetter: 'T',
          reference,
          scheduledAt: '2026-11-23T09:00:00Z',
          agency: null,
          errandKind: null,
        }),
      ],
      ['appointments.checkIn', 'reference', (reference) => ({ reference })],
      [
        'sync.enroll',
        'deviceName',
        (deviceName) => ({ serverUrl: 'https://statistik.example.se', code: 'ACDE-FGHJ-KMNP', deviceName }),
      ],
      [
        'sync.enroll',
        'serverUrl',
        (pnr) => ({ serverUrl: `https://statistik.example.se/${pnr}`, code: 'ACDE-FGHJ-KMNP', deviceName: 'Disk 1' }),
      ],
    ];
    let tried = 0;
    for (const [channel, field, input] of fields) {
      for (const pnr of SPELLINGS) {
        const reply = await t.raw(channel, input(pnr));
        expect(reply.ok, `${channel}.${field} took ${pnr}`).toBe(false);
        if (!reply.ok) {
          expect(reply.error.code, `${channel}.${field} ${pnr}`).toBe('VALIDATION');
          expect(reply.error.details?.map((d) => d.path)).toContain(field);
        }
        tried++;
      }
    }
    expect(tried).toBe(fields.length * SPELLINGS.length);
    // The enrollment code has room for twelve digits: refused as well.
    const code = await t.raw('sync.enroll', {
      serverUrl: 'https://statistik.example.se',
      code: '1990-0101-0017',
      deviceName: 'Disk 1',
    });
    expect(code).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'code' }] } });
    expect(dump(t.db)).toBe(before);
  });

  it('a note says which rule it broke, so the UI can explain it', async () => {
    const t = await office();
    const visit = await t.call('visits.start', {});
    const v = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    expect(await t.raw('visits.updateErrand', { errandId: v.errands[0]!.id, note: 'pnr 900101\u20130017' })).toEqual({
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'VALIDATION',
        messageKey: 'errors.VALIDATION',
        details: [{ path: 'note', issue: 'personal_number' }],
      },
    });
  });

  it('booking references are codes, never names: narrowed to their real format', async () => {
    const t = await office();
    const book = (reference: string) =>
      t.raw('appointments.book', {
        queueLetter: 'T',
        reference,
        scheduledAt: '2026-11-23T09:00:00Z',
        agency: null,
        errandKind: null,
      });
    for (const name of ['ANNA-SVENSSON', 'Svensson', 'ANNA', 'BK 4711', 'BK_4711', 'BK--4711', '-BK4711', 'ÅSA-1']) {
      expect((await book(name)).ok, name).toBe(false);
    }
    // Ten digits are more than any booking code needs, even when they are no date.
    expect((await book('1234567890')).ok).toBe(false);
    for (const reference of ['BK-4711', 'skv-20931', 'A1B2C3', '123456789', 'OK-1', 'FK-2026-0042']) {
      const reply = await book(reference);
      expect(reply.ok, `${reference}: ${JSON.stringify(reply)}`).toBe(true);
    }
  });

  it('queue names are public labels: letters, a few digits, no long numbers', async () => {
    const t = await office();
    const save = (name: string) =>
      t.raw('queues.save', {
        letter: 'C',
        name,
        agencies: [],
        errandKinds: [],
        priority: 0,
        kiosk: true,
        active: true,
      });
    for (const name of ['Kö 12345', '<b>Kö</b>', 'Kö\u200b1', 'Tel 0701234567'])
      expect((await save(name)).ok, name).toBe(false);
    for (const name of [
      'Skatteverket',
      'Bokade besök',
      'Pass & ID-kort 2',
      'Försäkringskassan (FK)',
      'Kö 2026',
      "Ali's kö",
    ])
      expect((await save(name)).ok, name).toBe(true);
  });

  it('device names: what tells the administrator which computer it is, nothing more', async () => {
    const t = await office();
    const enroll = (deviceName: string) =>
      t.raw('sync.enroll', { serverUrl: 'https://127.0.0.1:1', code: 'ACDE-FGHJ-KMNP', deviceName });
    for (const name of ['PC 1234567890', 'Disk<script>', 'Disk\u0000', '']) {
      const reply = await enroll(name);
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    // The form's default name ("<office> – dator") fits for every office in the registry.
    for (const office of (offices as { offices: { name: string }[] }).offices) {
      const name = sv.sync.enroll.defaultDeviceName.replace('{{office}}', office.name);
      expect(DeviceName.safeParse(name).success, name).toBe(true);
    }
    // A good name gets past validation (and then fails to reach the service that is not there).
    for (const name of ['Disk 2', 'Storuman disk 1', 'SKV-PC-0412', 'Lucka #3 (reception)']) {
      const reply = await enroll(name);
      expect(reply.ok, name).toBe(false);
      if (!reply.ok) expect(reply.error.code, name).not.toBe('VALIDATION');
    }
  });

  it('ids are canonical at the boundary: upper case finds the same row; nil and max are refused', async () => {
    const t = await office();
    const visit = await t.call('visits.start', {});
    const v = await t.call('visits.addErrand', {
      visitId: visit.id.toUpperCase(),
      agency: 'SKV',
      errandKind: 'skv.moving',
    });
    expect(v.id).toBe(visit.id);
    expect(v.errands).toHaveLength(1);
    for (const reserved of ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']) {
      const reply = await t.raw('visits.close', { visitId: reserved });
      expect(reply, reserved).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });
});
