import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(ROOT, path));
    return /\.(ts|tsx|mjs)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/**
 * Every module specifier a file imports or re-exports. Relative ones are resolved to a
 * repo path and marked with '@/' so they never look like a package ('electron').
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((s) => (s.startsWith('.') ? `@/${relative(ROOT, resolve(ROOT, dirname(file), s))}` : s));
}

const APP_DIRS = ['electron', 'db', 'shared', 'renderer', 'server', 'scripts'];
const all = APP_DIRS.flatMap(sourceFiles);
const under = (dir: string) => all.filter((f) => f.startsWith(`${dir}/`));
const isNodeBuiltin = (s: string) =>
  s.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'child_process'].includes(s);

/** The imports of `files` that match `bad`, by file: [] when the rule holds. */
function violations(files: string[], bad: (spec: string) => boolean): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .filter(bad)
      .map((s) => `${f} → ${s}`),
  );
}

describe('architecture boundaries', () => {
  it('only main, preload and security import electron (and the backend only for net.fetch, in syncFetch.ts)', () => {
    const importers = all.filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(importers.sort()).toEqual([
      // Loads Electron's `net` lazily, only when process.versions.electron says it is there.
      'electron/backend/syncFetch.ts',
      'electron/main.ts',
      'electron/preload.ts',
      'electron/security.ts',
    ]);
  });

  it('db and renderer never import each other, nor electron/', () => {
    for (const f of all.filter((f) => f.startsWith('db/'))) {
      expect(
        importsOf(f).filter((s) => s.startsWith('@/renderer') || s.startsWith('@/electron')),
        f,
      ).toEqual([]);
    }
    for (const f of all.filter((f) => f.startsWith('renderer/'))) {
      expect(
        importsOf(f).filter((s) => s.startsWith('@/db') || s.startsWith('@/electron') || s === 'better-sqlite3'),
        f,
      ).toEqual([]);
    }
  });

  it('shared/ (outside shared/node/) uses no Node, DOM-only or Electron modules, nor shared/node', () => {
    const pure = under('shared').filter((f) => !f.startsWith('shared/node/'));
    expect(
      violations(
        pure,
        (s) =>
          isNodeBuiltin(s) ||
          ['electron', 'react', 'better-sqlite3'].includes(s) ||
          /^@\/(db|electron|renderer|server|scripts|shared\/node)\//.test(s),
      ),
    ).toEqual([]);
  });

  it('shared/node/ (Node code the backend, the service and the tools share) imports only shared/', () => {
    expect(
      violations(
        under('shared/node'),
        (s) => s === 'electron' || /^@\/(db|electron|renderer|server|scripts)\//.test(s),
      ),
    ).toEqual([]);
  });

  it('the central service imports only shared/ (never the desktop, the store or the renderer)', () => {
    expect(violations(under('server'), (s) => /^@\/(electron|db|renderer|scripts|test)\//.test(s))).toEqual([]);
  });

  it('the tools under scripts/ use shared/ code, never the desktop or the service', () => {
    expect(violations(under('scripts'), (s) => /^@\/(electron|db|renderer|server|test)\//.test(s))).toEqual([]);
  });

  it('renderer code imports no Node code: no built-ins, no shared/node, db, electron or server', () => {
    expect(
      violations(
        under('renderer'),
        (s) => isNodeBuiltin(s) || s === 'better-sqlite3' || /^@\/(db|electron|server|scripts|shared\/node)\//.test(s),
      ),
    ).toEqual([]);
  });

  it('nothing outside the backend imports its handlers; only the publisher tools and tests sign', () => {
    const outside = all.filter((f) => !f.startsWith('electron/backend/'));
    expect(violations(outside, (s) => s.startsWith('@/electron/backend/handlers/'))).toEqual([]);
    const product = all.filter((f) => !f.startsWith('scripts/'));
    expect(violations(product, (s) => s === '@/shared/node/publisherSigning')).toEqual([]);
  });

  it('each handler file is named after the channel prefix it serves: where is tickets.callNext? handlers/tickets.ts', async () => {
    const { handlersByPrefix } = await import('../../electron/backend/handlers/index');
    const files = readdirSync(join(ROOT, 'electron/backend/handlers'))
      .map((f) => f.replace(/\.ts$/, ''))
      .filter((f) => f !== 'index' && f !== 'types')
      .sort();
    expect(Object.keys(handlersByPrefix).sort()).toEqual(files);
    for (const [prefix, table] of Object.entries(handlersByPrefix)) {
      for (const channel of Object.keys(table)) expect(channel.split('.')[0], channel).toBe(prefix);
      const text = readFileSync(join(ROOT, 'electron/backend/handlers', `${prefix}.ts`), 'utf8');
      expect(text, prefix).toContain(`export const ${prefix}Handlers: PrefixHandlers<'${prefix}'>`);
    }
  });

  it('only the guide step that checks a personnummer can see one: one importer of the library', () => {
    // The number must never reach a store, a request or a log, so it is checked in one place.
    // (The rule's corpus test imports the library too, as an independent oracle: tests are not app files.)
    const importers = all.filter((f) => importsOf(f).includes('personnummer'));
    expect(importers).toEqual(['renderer/guide/personnummer.ts']);
  });

  it('one rule for free text: only shared/personalData.ts knows what a personnummer looks like', () => {
    // Every free-text field refuses one through that module (issue 15). The guide's checker is
    // the one other place: it reads a number the officer types on purpose, and keeps only the age.
    const shape = /\\d\{(?:6|10|12)\}|\\d\{10,12\}|\\d\{2\}\)\?\\d\{6\}/;
    const spellers = [...all, ...sourceFiles('server')].filter((f) => shape.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(spellers.sort()).toEqual(['renderer/guide/personnummer.ts', 'shared/personalData.ts']);
    const users = [...all, ...sourceFiles('server')].filter((f) => importsOf(f).includes('@/shared/personalData'));
    expect(users.sort()).toEqual(['shared/api.ts', 'shared/sync.ts']);
  });

  it('the backend never imports the main process or the renderer', () => {
    for (const f of all.filter((f) => f.startsWith('electron/backend/'))) {
      const bad = importsOf(f).filter(
        (s) => s.startsWith('@/renderer') || /^@\/electron\/(main|preload|security)/.test(s),
      );
      expect(bad, f).toEqual([]);
    }
  });
});
