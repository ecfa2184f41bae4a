import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GuideImportResult, InstalledGuidePackage } from '../../../shared/api';
import { AppError, type IssueDetail } from '../../../shared/errors';
import type { GuidePackage } from '../../../shared/guide';
import type { GuideIssue } from '../../../shared/guideValidate';
import { TEMP_SUFFIX, writeFileAtomic } from './atomicFile';
import type { GuideCatalog } from './catalog';
import {
  packageFileName,
  parsePackageFileName,
  readIndex,
  writeIndex,
  type IndexEntry,
  type PackageSource,
} from './guideIndex';
import { computeContentHash } from '../../../shared/node/packageHash';
import type { TrustedKey } from '../../../shared/node/signatures';
import {
  checkPackage,
  openPlainPackage,
  openSignedPackage,
  type PackageCheck,
  type PackageRejection,
} from './verifyPackage';

export interface GuideStoreOptions {
  /** The folder of installed packages and their index, e.g. `<dataDir>/guides`. */
  dir: string;
  /** Keys whose signature makes an imported package trusted (assets/guides/trusted-keys.json in the app). */
  trustedKeys: readonly TrustedKey[];
  /** Versions of a package that visits in progress have pinned: never pruned. */
  keepVersions?: (packageId: string) => readonly number[];
  maxImportBytes?: number;
}

export type ImportRejection = PackageRejection | 'older_than_installed' | 'version_conflict' | 'write_failed';

export type ImportOutcome =
  | { ok: true; status: 'installed' | 'already_installed'; id: string; version: number }
  | { ok: false; reason: ImportRejection; issues?: GuideIssue[]; installedVersion?: number };

export interface InitReport {
  /** Why the index was rebuilt from the files that verify on disk, if it was. */
  rebuilt: 'missing' | 'corrupt' | null;
  /** Installed files that did not load (unreadable, invalid, hash or signature wrong): left out, not deleted. */
  dropped: string[];
  /** `id@version` of shipped packages installed now (newer than what was installed). */
  installed: string[];
  /** One line each, for the log: a shipped package refused, same version with other content, a disk error. */
  problems: string[];
}

interface Installed {
  pkg: GuidePackage;
  source: PackageSource;
  /** False when the file could not be written: served from memory this run, left out of the index. */
  persisted: boolean;
}

type State = Map<string, Installed>;

const refOf = (id: string, version: number) => `${id}@${version}`;

/**
 * The installed guide packages: the active version per agency (the highest installed),
 * the one it replaced and any still pinned by visits in progress. Everything is held in
 * memory after init(); the folder is written only by atomic renames, the index last, so
 * a refused import or a crash at any point leaves the previous active package in force.
 */
export class GuideStore implements GuideCatalog {
  private state: State = new Map();
  private readonly dir: string;

  constructor(private readonly options: GuideStoreOptions) {
    this.dir = options.dir;
  }

  /**
   * Loads what is installed and installs the shipped packages that are newer. Never
   * throws for what it finds on disk: a missing or corrupt index is rebuilt from the
   * files that verify; a folder that cannot be written leaves the shipped packages in memory.
   */
  init(shipped: readonly unknown[]): InitReport {
    const report: InitReport = { rebuilt: null, dropped: [], installed: [], problems: [] };
    const next: State = new Map();
    let dirty = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      this.removeTempFiles();
      const index = readIndex(this.dir);
      const candidates = typeof index === 'string' ? this.filesOnDisk() : index;
      if (typeof index === 'string' && (index === 'corrupt' || candidates.length)) {
        report.rebuilt = index;
        dirty = true;
      }
      for (const entry of candidates) {
        const loaded = this.loadFile(entry);
        // An index entry also pins the content: a file replaced behind the index's back does not count.
        if (loaded && (!('contentHash' in entry) || loaded.contentHash === entry.contentHash))
          next.set(refOf(entry.id, entry.version), { pkg: loaded, source: entry.source, persisted: true });
        else {
          report.dropped.push(packageFileName(entry));
          dirty = true;
        }
      }
    } catch (err) {
      report.problems.push(`guide store ${this.dir}: ${(err as Error).message}`);
    }

    for (const pkg of shipped) if (this.installShipped(next, pkg, report)) dirty = true;
    const pruned = this.prune(next);
    if (dirty || pruned.length) {
      try {
        writeIndex(this.dir, entriesOf(next));
        this.deleteFiles(pruned);
      } catch (err) {
        report.problems.push(`guide index not written: ${(err as Error).message}`);
      }
    }
    this.state = next;
    return report;
  }

  active(packageId: string): GuidePackage | null {
    const version = versionsOf(this.state, packageId)[0];
    return version === undefined ? null : this.state.get(refOf(packageId, version))!.pkg;
  }

  activeAll(): GuidePackage[] {
    return [...new Set([...this.state.values()].map((i) => i.pkg.id))].sort().map((id) => this.active(id)!);
  }

  get(packageId: string, version: number): GuidePackage | null {
    return this.state.get(refOf(packageId, version))?.pkg ?? null;
  }

  installed(): InstalledGuidePackage[] {
    return [...this.state.values()]
      .sort((a, b) => a.pkg.id.localeCompare(b.pkg.id) || b.pkg.version - a.pkg.version)
      .map(({ pkg, source }) => ({
        id: pkg.id,
        version: pkg.version,
        validFrom: pkg.validFrom,
        contentHash: pkg.contentHash,
        state: this.active(pkg.id)?.version === pkg.version ? 'active' : 'previous',
        source,
      }));
  }

  /** Verifies and installs a signed package file; refusals come back typed and change nothing. */
  tryImport(text: string): ImportOutcome {
    const opened = openSignedPackage(text, this.options.trustedKeys, this.options.maxImportBytes);
    if (!opened.ok) return opened;
    const pkg = opened.package;
    const active = this.active(pkg.id);
    if (active && pkg.version <= active.version) {
      if (pkg.version < active.version)
        return { ok: false, reason: 'older_than_installed', installedVersion: active.version };
      if (pkg.contentHash !== active.contentHash)
        return { ok: false, reason: 'version_conflict', installedVersion: active.version };
      return { ok: true, status: 'already_installed', id: pkg.id, version: pkg.version };
    }

    const next: State = new Map(this.state);
    const installed: Installed = { pkg, source: 'imported', persisted: true };
    next.set(refOf(pkg.id, pkg.version), installed);
    const pruned = this.prune(next);
    const file = join(this.dir, packageFileName({ ...pkg, source: 'imported' }));
    try {
      mkdirSync(this.dir, { recursive: true });
      // The signed text as received: the file on disk is exactly what the publisher signed.
      writeFileAtomic(file, text);
    } catch {
      return { ok: false, reason: 'write_failed' };
    }
    try {
      writeIndex(this.dir, entriesOf(next));
    } catch {
      // Not listed, so it never counts; removed so it does not linger either.
      rmSync(file, { force: true });
      return { ok: false, reason: 'write_failed' };
    }
    this.state = next;
    this.deleteFiles(pruned);
    return { ok: true, status: 'installed', id: pkg.id, version: pkg.version };
  }

  /** GuideCatalog's form of tryImport: a refusal is AppError('GUIDE_PACKAGE_REJECTED') with the reason as its first detail. */
  importSigned(text: string): GuideImportResult {
    const outcome = this.tryImport(text);
    if (!outcome.ok) throw new AppError('GUIDE_PACKAGE_REJECTED', rejectionDetails(outcome));
    return { status: outcome.status, id: outcome.id, version: outcome.version };
  }

  /** Installs a shipped package into `next` if newer than what is there; true if `next` changed. */
  private installShipped(next: State, raw: unknown, report: InitReport): boolean {
    // The usual start: this very package is installed already, so there is nothing to check or write.
    const declared = raw as Partial<GuidePackage>;
    const same =
      typeof declared.id === 'string' && typeof declared.version === 'number'
        ? next.get(refOf(declared.id, declared.version))
        : undefined;
    if (
      same &&
      same.pkg.contentHash === declared.contentHash &&
      computeContentHash(raw as object) === declared.contentHash
    )
      return false;
    const checked: PackageCheck = checkPackage(raw);
    if (!checked.ok) {
      report.problems.push(
        `shipped guide package ${String(declared.id)}@${String(declared.version)} refused: ${checked.reason}`,
      );
      return false;
    }
    const pkg = checked.package;
    const activeVersion = versionsOf(next, pkg.id)[0];
    if (activeVersion !== undefined && pkg.version <= activeVersion) {
      const same = next.get(refOf(pkg.id, pkg.version));
      if (same && same.pkg.contentHash !== pkg.contentHash)
        report.problems.push(
          `shipped guide package ${pkg.id}@${pkg.version} differs from the installed one with that version: raise the version`,
        );
      return false;
    }
    let persisted = true;
    try {
      writeFileAtomic(
        join(this.dir, packageFileName({ ...pkg, source: 'shipped' })),
        `${JSON.stringify(pkg, null, 2)}\n`,
      );
    } catch (err) {
      persisted = false;
      report.problems.push(`shipped guide package ${pkg.id}@${pkg.version} not written: ${(err as Error).message}`);
    }
    next.set(refOf(pkg.id, pkg.version), { pkg, source: 'shipped', persisted });
    report.installed.push(refOf(pkg.id, pkg.version));
    return true;
  }

  /**
   * Drops from `next` the versions no one needs: each package keeps its active version,
   * the one before it (visits that pinned it may still be open) and every pinned version.
   * Returns the dropped entries, whose files are deleted once the new index is written.
   */
  private prune(next: State): Installed[] {
    const dropped: Installed[] = [];
    for (const id of new Set([...next.values()].map((i) => i.pkg.id))) {
      let pinned: readonly number[];
      try {
        pinned = this.options.keepVersions?.(id) ?? [];
      } catch {
        continue; // Not knowing what is pinned, keep everything.
      }
      for (const version of versionsOf(next, id).slice(2)) {
        if (pinned.includes(version)) continue;
        dropped.push(next.get(refOf(id, version))!);
        next.delete(refOf(id, version));
      }
    }
    return dropped;
  }

  private loadFile(ref: { id: string; version: number; source: PackageSource }): GuidePackage | null {
    let text: string;
    try {
      text = readFileSync(join(this.dir, packageFileName(ref)), 'utf8');
    } catch {
      return null;
    }
    // Imported files are checked against their signature again: dropping a file into the folder installs nothing.
    // Read back from our own folder: checked in full when it was installed, so its integrity
    // (schema, hash, signature) is what matters here, not the authoring checks again.
    const opened =
      ref.source === 'imported'
        ? openSignedPackage(text, this.options.trustedKeys, Infinity, 'integrity')
        : openPlainPackage(text, 'integrity');
    return opened.ok && opened.package.id === ref.id && opened.package.version === ref.version ? opened.package : null;
  }

  private filesOnDisk(): { id: IndexEntry['id']; version: number; source: PackageSource }[] {
    const refs = readdirSync(this.dir).flatMap((name) => parsePackageFileName(name) ?? []);
    // Signed first: when both forms of a version are there, the one that carries its own proof wins.
    refs.sort((a, b) => (a.source === b.source ? 0 : a.source === 'imported' ? -1 : 1));
    const byRef = new Map<string, (typeof refs)[number]>();
    for (const r of refs) if (!byRef.has(refOf(r.id, r.version))) byRef.set(refOf(r.id, r.version), r);
    return [...byRef.values()];
  }

  /** Leftovers of writes a crash interrupted; never listed in the index, so never needed. */
  private removeTempFiles(): void {
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith(TEMP_SUFFIX)) continue;
      try {
        rmSync(join(this.dir, name), { force: true });
      } catch {
        // Harmless where it is: it only costs space until the next start.
      }
    }
  }

  private deleteFiles(entries: readonly Installed[]): void {
    for (const { pkg, source } of entries) {
      try {
        rmSync(join(this.dir, packageFileName({ ...pkg, source })), { force: true });
      } catch {
        // An unlisted file is inert; the next prune or rebuild ignores it.
      }
    }
  }
}

/** Installed versions of a package, newest (the active one) first. */
function versionsOf(state: State, packageId: string): number[] {
  return [...state.values()]
    .filter((i) => i.pkg.id === packageId)
    .map((i) => i.pkg.version)
    .sort((a, b) => b - a);
}

function entriesOf(state: State): IndexEntry[] {
  return [...state.values()]
    .filter((i) => i.persisted)
    .map(({ pkg, source }) => ({ id: pkg.id, version: pkg.version, contentHash: pkg.contentHash, source }));
}

/** The reason first; for an invalid package, where in it each problem is (paths only, the messages are prose). */
function rejectionDetails(outcome: Extract<ImportOutcome, { ok: false }>): IssueDetail[] {
  const details: IssueDetail[] = [{ path: 'content', issue: outcome.reason }];
  for (const issue of outcome.issues?.slice(0, 20) ?? [])
    details.push({ path: ['package', ...issue.path].join('.'), issue: 'invalid_package' });
  return details;
}
