import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What electron-builder.yml takes from `buildResources` must be in the repository, not only
 * on the machine that wrote it: `.gitignore`'s `build/` once also hid `assets/build/`, so a
 * fresh clone had no icon and no installer script, and only a Windows build would have said so.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const resourcesDir = /^\s*buildResources:\s*(\S+)\s*$/m.exec(config)?.[1];
const icons = [...config.matchAll(/^\s*icon:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
const nsisInclude = /^\s*include:\s*(\S+)\s*$/m.exec(config)?.[1];
const tmp = mkdtempSync(join(tmpdir(), 'lucka-build-resources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** makensis is Debian's nsis package (.ci/run installs it); required in CI, skipped loudly elsewhere. */
function makensis(): string | null {
  try {
    execFileSync('makensis', ['-VERSION'], { stdio: 'ignore' });
    return 'makensis';
  } catch {
    if (process.env.CI) throw new Error('makensis is missing: apt-get install nsis (.ci/run does)');
    console.warn('makensis not found (apt-get install nsis): the installer script is not compiled here');
    return null;
  }
}

describe('the installers’ build resources (electron-builder.yml)', () => {
  it('names a resources folder, an icon for Windows and Linux, and an NSIS include inside it', () => {
    expect(resourcesDir).toBe('assets/build');
    expect(icons).toEqual(['icon.png', 'icon.png']);
    expect(nsisInclude).toBe('assets/build/installer.nsh');
  });

  it('every one of those files is committed, so a fresh clone can build the installers', () => {
    const wanted = [join(resourcesDir!, 'icon.png'), nsisInclude!];
    for (const file of wanted) expect(existsSync(join(ROOT, file)), file).toBe(true);
    if (!existsSync(join(ROOT, '.git'))) return console.warn('not a git checkout: tracked files not checked');
    const tracked = execFileSync('git', ['ls-files', '--', ...wanted], { cwd: ROOT, encoding: 'utf8' });
    expect(tracked.trim().split('\n').sort()).toEqual([...wanted].sort());
  });

  it('the icon is a PNG of at least 256×256 (electron-builder refuses a smaller one for Windows)', () => {
    const png = readFileSync(join(ROOT, resourcesDir!, 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(256);
  });

  it('the installer script compiles with NSIS as electron-builder includes it: /HUB adds the hub’s firewall rule, the uninstaller removes it unless updating', () => {
    const script = readFileSync(join(ROOT, nsisInclude!), 'utf8');
    // The rule README's office setup names, for Lucka.exe only, never on public networks.
    expect(script).toMatch(
      /netsh advfirewall firewall add rule name="\$\{LUCKA_HUB_RULE\}" dir=in action=allow protocol=TCP localport=\$R2 profile=domain,private program="\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}"/,
    );
    expect(script).toContain('!define LUCKA_HUB_RULE "Lucka office hub"');
    const tool = makensis();
    if (!tool) return;
    // electron-builder's installer.nsi defines APP_EXECUTABLE_FILENAME and `isUpdated` (a
    // LogicLib test) before it includes ours and inserts customInstall in the install section
    // and customUnInstall in the uninstall section (app-builder-lib/templates/nsis/
    // installSection.nsh, uninstaller.nsh); the wrapper does the same with a stand-in test.
    const wrapper = join(tmp, 'check.nsi');
    writeFileSync(
      wrapper,
      [
        'Unicode true',
        '!define APP_EXECUTABLE_FILENAME "Lucka.exe"',
        '!include LogicLib.nsh',
        '!macro _isUpdatedStandIn _a _b _t _f',
        '  StrCmp "" "" `${_f}` `${_t}`',
        '!macroend',
        '!define isUpdated `"" isUpdatedStandIn ""`',
        `!include "${join(ROOT, nsisInclude!)}"`,
        'Name "Lucka installer include"',
        `OutFile "${join(tmp, 'check.exe')}"`,
        'RequestExecutionLevel user',
        'Section',
        '  !insertmacro customInstall',
        '  WriteUninstaller "$TEMP\\lucka-check-uninstall.exe"',
        'SectionEnd',
        'Section "Uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        '',
      ].join('\n'),
    );
    // -WX: a warning (an unknown variable, a macro never inserted) fails the build too.
    execFileSync(tool, ['-V2', '-WX', wrapper], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(existsSync(join(tmp, 'check.exe'))).toBe(true);
  });
});
