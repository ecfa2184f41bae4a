import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { officeStatuses } from '../../../electron/backend/sync/officeStatus';
import { pickerOffices } from '../../../renderer/office/officeSearch';
import sv from '../../../renderer/i18n/sv.json';
import { syncSummary } from '../../../renderer/sync/syncText';
import { loadBundledRegistry } from '../../../electron/backend/officeRegistry';
import type { SyncStatus } from '../../../shared/api';

/** Issue 18's two pure pieces: the sync line per office, and the office picker's order. */
const t = await (async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { sv: { translation: sv } }, lng: 'sv', interpolation: { escapeValue: false } });
  return i18n.t;
})();
const names: Record<string, string> = { tingsryd: 'Tingsryd', 'vaxjo-araby': 'Växjö Araby' };
const name = (id: string) => names[id] ?? id;
// Today, so the line shows the time alone (an earlier day shows its date too).
const SYNCED_AT = new Date().toISOString();

function status(patch: Partial<SyncStatus>): SyncStatus {
  return {
    state: 'idle',
    online: true,
    serverUrl: 'https://statistik.example.se',
    officeId: 'tingsryd',
    deviceId: 'd',
    pending: 0,
    offices: [],
    officeIds: ['tingsryd', 'vaxjo-araby'],
    rejected: 0,
    lastSuccessAt: SYNCED_AT,
    lastAttemptAt: SYNCED_AT,
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
    clockSkewSeconds: null,
    keyFingerprint: null,
    secretStorage: 'file',
    ...patch,
  };
}

describe('the sync line per office', () => {
  it('"Tingsryd: synkad 10:42 · Växjö Araby: 5 väntar", never plain "Synkad" while anything waits', () => {
    const offices = officeStatuses({
      summary: [{ officeId: 'vaxjo-araby', pending: 5, receipted: 0 }],
      current: 'tingsryd',
      trusted: ['tingsryd', 'vaxjo-araby'],
      syncedAt: { tingsryd: SYNCED_AT },
    });
    const line = syncSummary(t, status({ pending: 5, offices }), false, name);
    expect(line).toMatch(/^Tingsryd: synkad \d\d:\d\d · Växjö Araby: 5 väntar$/);
    expect(line).not.toMatch(/^Synkad/);
  });

  it('one office with nothing waiting: "Synkad 10:42"; one waiting at an office not trusted says so', () => {
    const one = officeStatuses({ summary: [], current: 'tingsryd', trusted: ['tingsryd'], syncedAt: {} });
    expect(syncSummary(t, status({ offices: one }), false, name)).toMatch(/^Synkad \d\d:\d\d$/);
    const foreign = officeStatuses({
      summary: [{ officeId: 'vaxjo-araby', pending: 2, receipted: 0 }],
      current: 'vaxjo-araby',
      trusted: ['tingsryd'],
      syncedAt: { tingsryd: SYNCED_AT },
    });
    expect(syncSummary(t, status({ pending: 2, offices: foreign }), false, name)).toMatch(
      /^Växjö Araby: 2 väntar, ej ansluten för kontoret · Tingsryd: synkad \d\d:\d\d$/,
    );
  });

  it('offline or not enrolled: the state first, then what waits across every office', () => {
    const offices = officeStatuses({
      summary: [
        { officeId: 'tingsryd', pending: 1, receipted: 0 },
        { officeId: 'vaxjo-araby', pending: 2, receipted: 0 },
      ],
      current: 'tingsryd',
      trusted: null,
      syncedAt: {},
    });
    expect(syncSummary(t, status({ state: 'not_enrolled', pending: 3, offices }), false, name)).toBe(
      'Ej ansluten · 3 statistikposter att skicka',
    );
  });
});

describe('the office picker', () => {
  const offices = loadBundledRegistry().offices;
  it('finds both look-alikes without diacritics, and orders nearest first from the last office', () => {
    expect(pickerOffices(offices, 'vaxjo', null).map((o) => o.office.id)).toEqual(['vaxjo', 'vaxjo-araby']);
    const tingsryd = offices.find((o) => o.id === 'tingsryd')!;
    const near = pickerOffices(offices, '', tingsryd);
    expect(near[0]!.office.id).toBe('tingsryd');
    expect(near.slice(1, 3).map((o) => o.office.id)).toEqual(['vaxjo', 'vaxjo-araby']);
    const km = near.map((o) => o.km!);
    expect(km.every((k, i) => i === 0 || k >= km[i - 1]!)).toBe(true);
    expect(near).toHaveLength(offices.length);
  });
});
