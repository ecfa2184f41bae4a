import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What goes into the installed app: `npm run dist -- --dir --stand-in` (electron-builder
 * with electron-builder.yml against a stand-in Electron distribution, scripts/dist.mjs)
 * over the build that npm test made, then the app.asar listing checked.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(path: string, options: object): string[];
  statFile(path: string, file: string): { unpacked?: boolean; size?: number };
};
const fuses = require('@electron/fuses') as { getCurrentFuseWire(path: string): Promise<Record<string, number>> };

let out = '';
let log = '';
beforeAll(() => {
  if (!existsSync(join(ROOT, 'build/electron/main.cjs')) || !existsSync(join(ROOT, 'build/renderer/index.html')))
    throw new Error('no build/: run npm run build first (npm test does)');
  out = mkdtempSync(join(tmpdir(), 'lucka-dist-test-'));
  log = execFileSync(process.execPath, ['scripts/dist.mjs', '--dir', '--stand-in', '--skip-build', `--output=${out}`], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}, 240_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the packaged app (electron-builder --dir, stand-in Electron)', () => {
  it('holds only what runs: four bundles (main, preload, backend, statistics worker), the renderer, the native driver and its stamp; no tests, sources, maps, node_modules or dev tools', () => {
    const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
    const files = asar
      .listPackage(archive, { isPack: false })
      .filter((f) => asar.statFile(archive, f.slice(1)).size !== undefined);
    console.log(`app.asar holds ${files.length} files:\n  ${files.join('\n  ')}`);
    const expected = [
      /^\/package\.json$/,
      /^\/build\/electron\/(main|preload|backend|statsWorker)\.cjs$/,
      /^\/build\/renderer\/index\.html$/,
      /^\/build\/renderer\/favicon\.svg$/,
      /^\/build\/renderer\/assets\/index-[\w-]+\.(js|css)$/,
      /^\/build\/native\/electron\/(better_sqlite3\.node|stamp\.json)$/,
    ];
    expect(files.filter((f) => !expected.some((re) => re.test(f)))).toEqual([]);
    for (const must of [
      '/build/electron/main.cjs',
      '/build/electron/preload.cjs',
      '/build/electron/backend.cjs',
      // Reports and exports run in this worker thread, beside the backend bundle (issue 12).
      '/build/electron/statsWorker.cjs',
      '/build/renderer/index.html',
    ])
      expect(files).toContain(must);
    for (const bad of [
      /\.map$/,
      /node_modules/,
      /\/test\//,
      /\.ts$/,
      /fixtures?/,
      /electronegativity|vitest|playwright|eslint|typescript/,
    ])
      expect(
        files.filter((f) => bad.test(f)),
        String(bad),
      ).toEqual([]);
    // The native module cannot load from inside the archive: it is unpacked beside it.
    expect(asar.statFile(archive, 'build/native/electron/better_sqlite3.node').unpacked).toBe(true);
    expect(
      existsSync(join(out, 'linux-unpacked/resources/app.asar.unpacked/build/native/electron/better_sqlite3.node')),
    ).toBe(true);
    // The backend carries better-sqlite3's JavaScript itself (no node_modules in the package).
    expect(readFileSync(join(ROOT, 'build/electron/backend.cjs'), 'utf8')).not.toMatch(/require\("better-sqlite3"\)/);
  });

  it('prints the package size', () => {
    expect(log).toMatch(
      /Lucka dist: .*linux-unpacked: app\.asar \d+\.\d MB, unpacked native \d+\.\d MB, whole app \d+\.\d MB/,
    );
  });

  it("sets Electron's fuses (docs/tutorial/fuses.md): no RunAsNode, NODE_OPTIONS or --inspect; asar only, with integrity; no file: privileges", async () => {
    // Wire order (@electron/fuses FuseV1Options): RunAsNode, EnableCookieEncryption,
    // EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
    // EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
    // LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges; '0' = 48, '1' = 49.
    const wire = await fuses.getCurrentFuseWire(join(out, 'linux-unpacked', 'lucka'));
    expect(wire).toMatchObject({ 0: 48, 1: 49, 2: 48, 3: 48, 4: 49, 5: 49, 7: 48 });
  });

  it('keeps the data across an upgrade and never updates itself: same appId and productName (userData is named after it), app data kept on uninstall, no publish', () => {
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
    const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
      appId: string;
      productName: string;
      publish: unknown;
      nsis: Record<string, unknown>;
      deb: { depends: string[] };
      linux: { target: unknown[]; maintainer: string };
    };
    // Electron's userData is <appData>/<productName> ("userData … by default the appData
    // directory appended with your app's name", docs/api/app.md, app.getPath): renaming it moves the data.
    expect(config.productName).toBe('Lucka');
    expect(config.appId).toBe('se.statenssc.lucka');
    expect(config.publish).toBeNull();
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, deleteAppDataOnUninstall: false });
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'libgtk-3-0', 'libnss3']));
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { email?: string };
    };
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
  });
});
