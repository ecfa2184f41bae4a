import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuideStore, type GuideStoreOptions } from '../../../electron/backend/guides/guideStore';
import { INDEX_FILE } from '../../../electron/backend/guides/guideIndex';
import { withContentHash } from '../../../shared/node/publisherSigning';
import { AppError } from '../../../shared/errors';
import type { GuideNode, GuidePackage } from '../../../shared/guide';
import { packageAt, publisherKey, signedText } from '../../support/guideSigning';
import { tempDir } from '../../support/temp';

const key = publisherKey();

/** A store over a folder, as boot would make it; a second call on the same folder is a restart. */
function openGuides(dir: string, shipped: GuidePackage[] = [packageAt(1)], options: Partial<GuideStoreOptions> = {}) {
  const store = new GuideStore({ dir, trustedKeys: [key.trusted], ...options });
  const report = store.init(shipped);
  return { store, report };
}

const activeVersion = (store: GuideStore) => store.active('skv')?.version;
const files = (dir: string) => readdirSync(dir).sort();

describe('guide store: shipped packages', () => {
  it('installs every shipped package on first run', () => {
    const dir = tempDir();
    const { store, report } = openGuides(dir);
    expect(report).toEqual({ rebuilt: null, dropped: [], installed: ['skv@1'], problems: [] });
    expect(activeVersion(store)).toBe(1);
    expect(store.activeAll().map((p) => `${p.id}@${p.version}`)).toEqual(['skv@1']);
    expect(store.installed()).toEqual([
      {
        id: 'skv',
        version: 1,
        validFrom: '2026-01-01',
        contentHash: packageAt(1).contentHash,
        state: 'active',
        source: 'shipped',
      },
    ]);
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-1.json']);
  });

  it('loads from disk on the next start, and installs a newer shipped version keeping the previous', () => {
    const dir = tempDir();
    openGuides(dir);
    const again = openGuides(dir);
    expect(again.report.installed).toEqual([]);
    expect(activeVersion(again.store)).toBe(1);

    const updated = openGuides(dir, [packageAt(2)]);
    expect(updated.report.installed).toEqual(['skv@2']);
    expect(activeVersion(updated.store)).toBe(2);
    expect(updated.store.get('skv', 1)?.version).toBe(1);
    expect(updated.store.installed().map((p) => [p.version, p.state])).toEqual([
      [2, 'active'],
      [1, 'previous'],
    ]);
  });

  it('prunes at start too: a new shipped version drops the oldest unless pinned', () => {
    const dir = tempDir();
    openGuides(dir, [packageAt(1)]);
    openGuides(dir, [packageAt(2)]);
    const pinned = openGuides(dir, [packageAt(3)], { keepVersions: () => [1] });
    expect(pinned.store.installed().map((p) => p.version)).toEqual([3, 2, 1]);
    const unpinned = openGuides(dir, [packageAt(3)]);
    expect(unpinned.store.installed().map((p) => p.version)).toEqual([3, 2]);
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-2.json', 'skv-3.json']);
  });

  it('refuses a shipped package whose hash is wrong, and reports the same version with other content', () => {
    const dir = tempDir();
    const broken = { ...packageAt(1), contentHash: 'a'.repeat(64) };
    const first = openGuides(dir, [broken]);
    expect(first.report.problems).toEqual(['shipped guide package skv@1 refused: hash_mismatch']);
    expect(first.store.activeAll()).toEqual([]);

    openGuides(dir, [packageAt(1)]);
    const edited = packageAt(1);
    edited.texts.sv['out.done'] = 'Ändrad utan ny version';
    const next = openGuides(dir, [withContentHash(edited)]);
    expect(next.report.problems).toEqual([expect.stringMatching(/skv@1 differs .* raise the version/)]);
    expect(next.store.active('skv')?.contentHash).toBe(packageAt(1).contentHash);
  });
});

describe('guide store: import', () => {
  it('installs a newer signed package, keeps the previous, and both survive a restart', () => {
    const dir = tempDir();
    const { store } = openGuides(dir);
    expect(store.tryImport(signedText(packageAt(2), key))).toEqual({
      ok: true,
      status: 'installed',
      id: 'skv',
      version: 2,
    });
    expect(activeVersion(store)).toBe(2);
    expect(store.get('skv', 1)?.texts.sv['out.done']).toBe('Klart (version 1)');
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-1.json', 'skv-2.signed.json']);

    const restarted = openGuides(dir).store;
    expect(restarted.installed().map((p) => [p.version, p.state, p.source])).toEqual([
      [2, 'active', 'imported'],
      [1, 'previous', 'shipped'],
    ]);
  });

  it('answers already installed for the same version and content, and changes nothing', () => {
    const dir = tempDir();
    const { store } = openGuides(dir);
    const text = signedText(packageAt(2), key);
    store.tryImport(text);
    const index = readFileSync(join(dir, INDEX_FILE), 'utf8');
    expect(store.tryImport(text)).toEqual({ ok: true, status: 'already_installed', id: 'skv', version: 2 });
    expect(readFileSync(join(dir, INDEX_FILE), 'utf8')).toBe(index);
  });

  it('prunes versions older than the previous one unless a visit pinned them', () => {
    const dir = tempDir();
    let pinned: number[] = [1];
    const { store } = openGuides(dir, [packageAt(1)], { keepVersions: () => pinned });
    for (const v of [2, 3, 4]) expect(store.tryImport(signedText(packageAt(v), key)).ok).toBe(true);
    expect(store.installed().map((p) => p.version)).toEqual([4, 3, 1]);
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-1.json', 'skv-3.signed.json', 'skv-4.signed.json']);

    pinned = [];
    store.tryImport(signedText(packageAt(5), key));
    expect(store.installed().map((p) => p.version)).toEqual([5, 4]);
    expect(store.get('skv', 1)).toBeNull();
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-4.signed.json', 'skv-5.signed.json']);
  });

  it('keeps everything when it cannot tell what is pinned', () => {
    const dir = tempDir();
    const { store } = openGuides(dir, [packageAt(1)], {
      keepVersions: () => {
        throw new Error('store closed');
      },
    });
    for (const v of [2, 3]) store.tryImport(signedText(packageAt(v), key));
    expect(store.installed().map((p) => p.version)).toEqual([3, 2, 1]);
  });
});

describe('guide store: refused imports change nothing', () => {
  /** Opens a store at skv@1, tries the import, and checks the folder and the active package are as before. */
  function refused(text: string, options: Partial<GuideStoreOptions> = {}) {
    const dir = tempDir();
    const { store } = openGuides(dir, [packageAt(1)], options);
    store.tryImport(signedText(packageAt(2), key));
    const before = Object.fromEntries(files(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const outcome = store.tryImport(text);
    expect(outcome.ok).toBe(false);
    expect(activeVersion(store)).toBe(2);
    expect(Object.fromEntries(files(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))).toEqual(before);
    expect(activeVersion(openGuides(dir).store)).toBe(2);
    return outcome.ok ? null : outcome;
  }

  it('a package with one text changed after signing', () => {
    const signed = JSON.parse(signedText(packageAt(3), key));
    signed.package.texts.sv['out.done'] = 'Klart, ingen avgift';
    expect(refused(JSON.stringify(signed))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a package signed by a key the app does not trust', () => {
    expect(refused(signedText(packageAt(3), publisherKey()))).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('an invalid package (a route to an unknown node), even when properly signed', () => {
    const pkg = packageAt(3);
    const late = pkg.guides[0]!.nodes.find((n) => n.id === 'late') as Extract<GuideNode, { type: 'info' }>;
    late.next[0]!.to = 'nowhere';
    const outcome = refused(signedText(withContentHash(pkg), key));
    expect(outcome?.reason).toBe('invalid_package');
    expect(outcome?.issues).toContainEqual({
      path: ['guides', 0, 'nodes', 4, 'next', 0, 'to'],
      message: 'unknown target "nowhere"',
    });
  });

  it('a package whose content does not match its hash', () => {
    const stale = { ...packageAt(3), contentHash: packageAt(2).contentHash };
    expect(refused(signedText(stale, key))).toEqual({ ok: false, reason: 'hash_mismatch' });
  });

  it('an older version, and the same version with other content', () => {
    expect(refused(signedText(packageAt(1), key))).toEqual({
      ok: false,
      reason: 'older_than_installed',
      installedVersion: 2,
    });
    const other = packageAt(2);
    other.texts.sv['out.done'] = 'Annan text, samma version';
    expect(refused(signedText(withContentHash(other), key))).toEqual({
      ok: false,
      reason: 'version_conflict',
      installedVersion: 2,
    });
  });

  it('text that is not JSON, not the signed format, or too large', () => {
    expect(refused('{"format":')).toEqual({ ok: false, reason: 'not_json' });
    expect(refused(JSON.stringify(packageAt(3)))).toEqual({ ok: false, reason: 'bad_format' });
    expect(refused(' '.repeat(2 * 1024 * 1024 + 1))).toEqual({ ok: false, reason: 'too_large' });
    // The limit counts UTF-8 bytes: 3 000 'å' are 6 000 bytes.
    const big = packageAt(3);
    big.texts.sv['out.done'] = 'å'.repeat(3000);
    const limit = signedText(packageAt(2), key).length + 5000;
    expect(refused(signedText(withContentHash(big), key), { maxImportBytes: limit })).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });

  it('as GuideCatalog.importSigned: AppError GUIDE_PACKAGE_REJECTED with the reason and the paths', () => {
    const { store } = openGuides(tempDir());
    const pkg = packageAt(3);
    (pkg.guides[0]!.nodes[4] as Extract<GuideNode, { type: 'info' }>).next[0]!.to = 'nowhere';
    let error: unknown;
    try {
      store.importSigned(signedText(withContentHash(pkg), key));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('GUIDE_PACKAGE_REJECTED');
    expect((error as AppError).details).toEqual([
      { path: 'content', issue: 'invalid_package' },
      { path: 'package.guides.0.nodes.4.next.0.to', issue: 'invalid_package' },
    ]);
    expect(store.importSigned(signedText(packageAt(2), key))).toEqual({ status: 'installed', id: 'skv', version: 2 });
  });
});

describe('guide store: crashes and damage', () => {
  it('a crash between the package rename and the index rename leaves the old package active', () => {
    const dir = tempDir();
    openGuides(dir);
    // What the folder holds when the process dies there: the new file renamed, the new index still a temp file.
    writeFileSync(join(dir, 'skv-2.signed.json'), signedText(packageAt(2), key));
    writeFileSync(join(dir, `${INDEX_FILE}.1a2b3c4d.tmp`), '{"format":1,"packages":[{"id":"sk');

    const { store, report } = openGuides(dir);
    expect(report).toEqual({ rebuilt: null, dropped: [], installed: [], problems: [] });
    expect(activeVersion(store)).toBe(1);
    expect(store.get('skv', 2)).toBeNull();
    expect(existsSync(join(dir, `${INDEX_FILE}.1a2b3c4d.tmp`))).toBe(false);
    // Importing it again completes the install over the leftover file.
    expect(store.tryImport(signedText(packageAt(2), key))).toMatchObject({ ok: true, status: 'installed' });
  });

  it('a crash while writing a package file leaves only a temp file, which is cleared', () => {
    const dir = tempDir();
    openGuides(dir);
    writeFileSync(join(dir, 'skv-2.signed.json.99aa99aa.tmp'), signedText(packageAt(2), key).slice(0, 300));
    const { store } = openGuides(dir);
    expect(activeVersion(store)).toBe(1);
    expect(files(dir)).toEqual([INDEX_FILE, 'skv-1.json']);
  });

  it('an index that lists a missing file drops that entry and loads the rest', () => {
    const dir = tempDir();
    const { store } = openGuides(dir);
    store.tryImport(signedText(packageAt(2), key));
    rmSync(join(dir, 'skv-2.signed.json'));

    const { store: after, report } = openGuides(dir);
    expect(report.dropped).toEqual(['skv-2.signed.json']);
    expect(activeVersion(after)).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')).packages).toHaveLength(1);
  });

  it('a damaged package file is dropped and the shipped version takes its place again', () => {
    const dir = tempDir();
    openGuides(dir);
    const file = join(dir, 'skv-1.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Klart (version 1)', 'Klart (version X)'));

    const { store, report } = openGuides(dir);
    expect(report.dropped).toEqual(['skv-1.json']);
    expect(report.installed).toEqual(['skv@1']);
    expect(store.active('skv')?.texts.sv['out.done']).toBe('Klart (version 1)');
  });

  it('a corrupt index is rebuilt from the files that verify', () => {
    const dir = tempDir();
    const { store } = openGuides(dir);
    store.tryImport(signedText(packageAt(2), key));
    // A tampered signed file dropped into the folder must not come in through the rebuild.
    const tampered = JSON.parse(signedText(packageAt(3), key));
    tampered.package.texts.sv['out.done'] = 'Falsk';
    writeFileSync(join(dir, 'skv-3.signed.json'), JSON.stringify(tampered));
    writeFileSync(join(dir, INDEX_FILE), '\u0000\u0000garbage');

    const { store: rebuilt, report } = openGuides(dir);
    expect(report.rebuilt).toBe('corrupt');
    expect(report.dropped).toEqual(['skv-3.signed.json']);
    expect(rebuilt.installed().map((p) => [p.version, p.state, p.source])).toEqual([
      [2, 'active', 'imported'],
      [1, 'previous', 'shipped'],
    ]);
    expect(JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')).packages).toHaveLength(2);
  });

  it('a missing index with package files is rebuilt too', () => {
    const dir = tempDir();
    openGuides(dir).store.tryImport(signedText(packageAt(2), key));
    rmSync(join(dir, INDEX_FILE));
    const { store, report } = openGuides(dir);
    expect(report.rebuilt).toBe('missing');
    expect(activeVersion(store)).toBe(2);
  });

  it('a folder that cannot be written still serves the shipped packages from memory', () => {
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, '');
    const { store, report } = openGuides(join(blocker, 'guides'));
    expect(activeVersion(store)).toBe(1);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(store.tryImport(signedText(packageAt(2), key))).toEqual({ ok: false, reason: 'write_failed' });
    expect(activeVersion(store)).toBe(1);
  });
});
