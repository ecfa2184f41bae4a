import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script helpers, no types
import { exitCodeFor, sandboxArgs } from '../../../scripts/lib/electron-launch.mjs';
// @ts-expect-error plain .mjs script helpers, no types
import { npmCommand } from '../../../scripts/lib/npm.mjs';

describe('npm from the scripts (no npm.cmd without a shell on Windows)', () => {
  it("runs npm's JavaScript entry with Node itself, so Windows never execs a .cmd (EINVAL since CVE-2024-27980)", () => {
    const exists = (p: string) => p === 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js';
    expect(npmCommand({ platform: 'win32', execPath: 'C:\\Program Files\\nodejs\\node.exe', env: {}, exists })).toEqual(
      ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js'],
    );
    // Under `npm run …` npm names its own entry.
    const viaNpm = { npm_execpath: 'D:\\tools\\npm\\bin\\npm-cli.js' };
    expect(
      npmCommand({
        platform: 'win32',
        execPath: 'C:\\n\\node.exe',
        env: viaNpm,
        exists: (p: string) => p === viaNpm.npm_execpath,
      }),
    ).toEqual(['C:\\n\\node.exe', 'D:\\tools\\npm\\bin\\npm-cli.js']);
    expect(() => npmCommand({ platform: 'win32', execPath: 'C:\\n\\node.exe', env: {}, exists: () => false })).toThrow(
      /npm-cli\.js not found/,
    );
  });

  it('finds npm beside Node on Linux, and never returns npm.cmd', () => {
    const exists = (p: string) => p === '/usr/lib/node_modules/npm/bin/npm-cli.js';
    expect(npmCommand({ platform: 'linux', execPath: '/usr/bin/node', env: {}, exists })).toEqual([
      '/usr/bin/node',
      '/usr/lib/node_modules/npm/bin/npm-cli.js',
    ]);
    expect(npmCommand({ platform: 'linux', execPath: '/x/node', env: {}, exists: () => false })).toEqual(['npm']);
    // And the real one on this machine exists.
    expect(npmCommand()[0]).toBeTruthy();
  });
});

describe('npm start: sandbox and exit code', () => {
  const binary = '/repo/node_modules/electron/dist/electron';
  const apparmor = (on: boolean) => (p: string) =>
    p === '/proc/sys/kernel/apparmor_restrict_unprivileged_userns' ? (on ? '1\n' : '0\n') : null;

  it('keeps the sandbox where it can start, and turns it off (saying why) where AppArmor blocks it', () => {
    expect(sandboxArgs(binary, { platform: 'win32', uid: undefined })).toEqual({ args: [], note: null });
    expect(sandboxArgs(binary, { platform: 'linux', uid: 1000, read: apparmor(false), stat: () => null }).args).toEqual(
      [],
    );
    const blocked = sandboxArgs(binary, { platform: 'linux', uid: 1000, read: apparmor(true), stat: () => null });
    expect(blocked.args).toEqual(['--no-sandbox']);
    expect(blocked.note).toContain('sudo chown root /repo/node_modules/electron/dist/chrome-sandbox');
    // A SUID-root helper lets Chromium sandbox without user namespaces.
    const suid = () => ({ uid: 0, mode: 0o104755 });
    expect(sandboxArgs(binary, { platform: 'linux', uid: 1000, read: apparmor(true), stat: suid }).args).toEqual([]);
    const notRoot = () => ({ uid: 1000, mode: 0o104755 });
    expect(sandboxArgs(binary, { platform: 'linux', uid: 1000, read: apparmor(true), stat: notRoot }).args).toEqual([
      '--no-sandbox',
    ]);
    expect(sandboxArgs(binary, { platform: 'linux', uid: 0, read: apparmor(false) }).args).toEqual(['--no-sandbox']);
  });

  it('fails when Electron dies by a signal (it used to exit 0)', () => {
    expect(exitCodeFor(null, 'SIGSEGV')).toBe(139);
    expect(exitCodeFor(null, 'SIGKILL')).toBe(137);
    expect(exitCodeFor(0, null)).toBe(0);
    expect(exitCodeFor(3, null)).toBe(3);
    expect(exitCodeFor(null, null)).toBe(1);
  });
});
