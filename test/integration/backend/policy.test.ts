import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, policyPath } from '../../../electron/backend/policyFile';
import type { PolicyState } from '../../../shared/policy';
import { testBackend } from '../../support/backend';
import { tempDir } from '../../support/temp';

/** A policy.json in a temp dir, read back through the real loader. */
function policyFile(content: unknown): PolicyState {
  const path = join(tempDir(), 'policy.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return loadPolicy(path);
}

const FINGERPRINT = 'AB:'.repeat(31) + 'CD';
const FULL = {
  version: 1,
  offices: ['storuman', 'visby'],
  centralServiceUrl: 'https://statistik.example.se/lucka',
  windowRole: 'kiosk',
  language: 'en',
  hub: { role: 'client', address: 'lucka-hub.kontor.local:8443', fingerprint: FINGERPRINT },
  locked: ['office', 'centralServiceUrl', 'windowRole', 'language', 'hub'],
};

describe('policy file (managed configuration)', () => {
  it('is looked for where IT puts it, unless a path is given', () => {
    expect(policyPath([], { ProgramData: 'C:\\ProgramData' }, 'win32')).toBe('C:\\ProgramData\\Lucka\\policy.json');
    expect(policyPath([], {}, 'win32')).toBe('C:\\ProgramData\\Lucka\\policy.json');
    expect(policyPath([], {}, 'linux')).toBe('/etc/lucka/policy.json');
    expect(policyPath([], { LUCKA_POLICY: '/srv/p.json' }, 'linux')).toBe('/srv/p.json');
    expect(policyPath(['--policy=/tmp/x.json'], { LUCKA_POLICY: '/srv/p.json' }, 'linux')).toBe('/tmp/x.json');
  });

  it('accepts every field, and the hub as data ("this PC is the hub" or an address with a pinned fingerprint)', () => {
    expect(policyFile(FULL)).toMatchObject({ policy: FULL, error: null });
    expect(policyFile({ version: 1, hub: { role: 'hub' }, locked: ['hub'] }).policy?.hub).toEqual({ role: 'hub' });
    expect(
      policyFile({ version: 1, hub: { role: 'client', address: '10.0.0.5', fingerprint: 'ab'.repeat(32) } }).error,
    ).toBeNull();
    // Notepad's byte-order mark is fine.
    expect(policyFile('\uFEFF{"version":1,"language":"sv"}').policy).toEqual({ version: 1, language: 'sv' });
  });

  it('no file: no policy, no error', () => {
    expect(loadPolicy(join(tempDir(), 'absent.json'))).toMatchObject({ policy: null, error: null });
  });

  it('ignores an invalid file whole and names the wrong field', () => {
    const cases: [unknown, RegExp][] = [
      ['{"version": 1, "offices": [', /is not valid JSON/],
      ['', /is not valid JSON/],
      [{ ...FULL, colour: 'blue' }, /colour/],
      [{ ...FULL, version: 2 }, /^version: /],
      [{ ...FULL, offices: ['Storuman!'] }, /^offices\.0: /],
      [{ ...FULL, offices: [] }, /^offices: /],
      [{ ...FULL, centralServiceUrl: 'http://statistik.example.se' }, /^centralServiceUrl: an https:\/\/ URL/],
      [{ ...FULL, centralServiceUrl: 'https://u:p@statistik.example.se' }, /^centralServiceUrl: /],
      [{ ...FULL, windowRole: 'admin' }, /^windowRole: /],
      [{ ...FULL, language: 'de' }, /^language: /],
      [{ ...FULL, hub: { role: 'client', address: 'hub' } }, /^hub\.fingerprint: /],
      [
        { ...FULL, hub: { role: 'client', address: 'hub; rm -rf /', fingerprint: FINGERPRINT } },
        /^hub\.address: host or host:port/,
      ],
      [{ ...FULL, hub: { role: 'server' } }, /^hub/],
      [{ ...FULL, locked: ['everything'] }, /^locked\.0: /],
      [{ version: 1, locked: ['language'] }, /^locked\.0: locks "language", which the policy does not set/],
      [[], /^\(the file\): /],
    ];
    for (const [content, message] of cases) {
      const state = policyFile(content);
      expect(state.policy, JSON.stringify(content)).toBeNull();
      expect(state.error, JSON.stringify(content)).toMatch(message);
    }
  });

  it('refuses a locked office through a raw request, and allows the offices the policy names', async () => {
    const t = testBackend({ policy: policyFile({ version: 1, offices: ['storuman'], locked: ['office'] }) });
    const refused = await t.raw('setup.save', { officeId: 'visby', officerSignature: 'ANLA' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'POLICY_LOCKED',
        messageKey: 'errors.POLICY_LOCKED',
        details: [{ path: 'officeId', issue: 'locked_by_policy' }],
      },
    });
    expect(await t.call('setup.get', {})).toBeNull(); // nothing written
    expect(await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' })).toMatchObject({
      officeId: 'storuman',
    });
    // A preset that is not locked is only a preset.
    const open = testBackend({ policy: policyFile({ version: 1, offices: ['storuman'] }) });
    expect((await open.raw('setup.save', { officeId: 'visby', officerSignature: 'ANLA' })).ok).toBe(true);
  });

  it('refuses enrollment with another central service when its address is locked', async () => {
    const t = testBackend({
      // Loopback, port 9: nothing listens, so the allowed address fails fast without DNS.
      policy: policyFile({ version: 1, centralServiceUrl: 'https://127.0.0.1:9/lucka', locked: ['centralServiceUrl'] }),
    });
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
    const refused = await t.raw('sync.enroll', {
      serverUrl: 'https://evil.example/lucka',
      code: 'ABCD-EFGH-JKLM',
      deviceName: 'Disk 1',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'POLICY_LOCKED', details: [{ path: 'serverUrl' }] } });
    expect((await t.call('sync.status', {})).state).toBe('not_enrolled');
    // The policy's own address passes the lock (and then fails only because nothing listens there).
    const same = await t.raw('sync.enroll', {
      serverUrl: 'https://127.0.0.1:9/lucka/',
      code: 'ABCD-EFGH-JKLM',
      deviceName: 'Disk 1',
    });
    expect(same.ok ? null : same.error.code).not.toBe('POLICY_LOCKED');
  });

  it('tells the UI what the policy set and locked, or why it was ignored', async () => {
    const good = policyFile(FULL);
    expect(await testBackend({ policy: good }).call('policy.get', {})).toEqual(good);
    const bad = policyFile({ ...FULL, language: 'de' });
    const t = testBackend({ policy: bad });
    expect(await t.call('policy.get', {})).toMatchObject({ policy: null, error: expect.stringMatching(/^language: /) });
    // Nothing from an invalid policy applies: the office it named is not locked.
    expect((await t.raw('setup.save', { officeId: 'visby', officerSignature: 'ANLA' })).ok).toBe(true);
    expect(await testBackend().call('policy.get', {})).toEqual({ path: '', policy: null, error: null });
  });
});
