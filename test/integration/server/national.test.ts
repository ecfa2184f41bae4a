import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { BACKENDS, admin, noShowEvent, servedEvent, useTestServer } from './harness';

/** RFC 4180 CSV as the service writes it (no quotes needed for these cells). */
function rows(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe.each(BACKENDS)('the national table ($name)', (backend) => {
  const s = useTestServer(backend);

  it('gives every office and the whole country the same daily counts, for analysts only, as CSV and XLSX', async () => {
    const { t } = s;
    const stockholm = await t.enroll('stockholm');
    const varberg = await t.enroll('varberg');
    const corrected = servedEvent('stockholm', { localDate: '2026-03-09' });
    await t.upload(stockholm.token, [
      servedEvent('stockholm', { localDate: '2026-03-09', waitingSeconds: 600 }),
      servedEvent('stockholm', { localDate: '2026-03-09', waitingSeconds: 1800 }),
      corrected,
      // The correction replaces the visit: still one arrival.
      servedEvent('stockholm', { localDate: '2026-03-09', supersedes: corrected.id }),
      noShowEvent('stockholm', { localDate: '2026-03-09' }),
      servedEvent('stockholm', { localDate: '2026-03-10' }),
    ]);
    await t.upload(varberg.token, [servedEvent('varberg', { localDate: '2026-03-09', waitingSeconds: 0 })]);
    const analyst = (await admin(t, ['analyst-token'])).out[0]!;

    const denied = await t.request('GET', '/v1/stats/national?from=2026-03-09&to=2026-03-10', {
      token: stockholm.token,
    });
    expect(denied.status).toBe(403);
    const bad = await t.request('GET', '/v1/stats/national?from=2026-03-10&to=2026-03-09', { token: analyst });
    expect(bad.status).toBe(422);

    const res = await t.request('GET', '/v1/stats/national?from=2026-03-09&to=2026-03-10&format=csv', {
      token: analyst,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(
      'lucka-hela-landet-2026-03-09_2026-03-10-dagliga-siffror.csv',
    );
    const [header, ...body] = rows(res.text);
    expect(header!.slice(0, 5)).toEqual(['Kontor', 'Datum', 'Ankomna', 'Betjänade', 'Uteblivna']);
    const pick = (office: string, day: string) => body.find((r) => r[0] === office && r[1] === day)!.slice(2, 5);
    expect(pick('stockholm', '2026-03-09')).toEqual(['4', '3', '1']);
    expect(pick('stockholm', '2026-03-10')).toEqual(['1', '1', '0']);
    expect(pick('varberg', '2026-03-09')).toEqual(['1', '1', '0']);
    expect(pick('varberg', '2026-03-10')).toEqual(['0', '0', '0']);
    expect(pick('Hela landet', '2026-03-09')).toEqual(['5', '4', '1']);
    expect(pick('Hela landet', '2026-03-10')).toEqual(['1', '1', '0']);
    // Every office's rows are its own daily report, as the office's devices see it.
    const daily = await t.request('GET', '/v1/stats/daily?office=stockholm&from=2026-03-09&to=2026-03-10', {
      token: stockholm.token,
    });
    expect(body.filter((r) => r[0] === 'stockholm').map((r) => Number(r[2]))).toEqual(
      daily.json.days.map((d: { arrived: number }) => d.arrived),
    );

    // The admin's file, for Swedish Excel and as XLSX.
    const dir = tempDir();
    expect(
      (await admin(t, ['national-export', '--from', '2026-03-09', '--to', '2026-03-10', '--out', join(dir, 'n.csv')]))
        .code,
    ).toBe(0);
    const excel = readFileSync(join(dir, 'n.csv'), 'utf8');
    expect(excel.startsWith('\uFEFFKontor;Datum;Ankomna')).toBe(true);
    expect(excel).toContain('Hela landet;Totalt;6;5;1');
    const xlsx = await admin(t, [
      'national-export',
      '--from',
      '2026-03-09',
      '--to',
      '2026-03-10',
      '--format',
      'xlsx',
      '--out',
      join(dir, 'n.xlsx'),
    ]);
    expect(xlsx.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'n.xlsx'));
    const sheet = book.worksheets[0]!;
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const total = values.find((r) => r[1] === 'Hela landet' && r[2] === 'Totalt')!;
    expect(total.slice(3, 6)).toEqual([6, 5, 1]);
    expect(
      (await admin(t, ['national-export', '--from', 'x', '--to', '2026-03-10', '--out', join(dir, 'x.csv')])).code,
    ).toBe(2);

    // A leaked analyst token is revoked by the admin and refused from then on.
    const listed = await admin(t, ['analysts']);
    const id = listed.out[0]!.split('\t')[0]!;
    expect(listed.out[0]).toMatch(/\tactive$/);
    const revoked = await admin(t, ['revoke-analyst', '--id', id]);
    expect(revoked.code, revoked.err.join('\n') + JSON.stringify(listed)).toBe(0);
    expect((await admin(t, ['analysts'])).out[0]).toMatch(/\trevoked /);
    const after = await t.request('GET', '/v1/stats/national?from=2026-03-09&to=2026-03-10', { token: analyst });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('TOKEN_REVOKED');
    expect((await admin(t, ['revoke-analyst', '--id', 'nope'])).code).toBe(2);
  });
});
