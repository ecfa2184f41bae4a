import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENROLLMENT_CODE_DAYS, enrollmentCodeHash, newEnrollmentCode, newToken, sha256Hex } from './auth';
import { BundleImportError, importStatsBundle } from './bundle';
import { option, parseArgs, UsageError, type ParsedArgs } from './cliArgs';
import { OFFICE_ID, runEventCommand } from './adminEvents';
import { officeSetFromArgs } from './officeSets';
import { escapeForTerminal as esc } from './printable';
import {
  guideForPublishing,
  publishedRegistryVersion,
  publishingKeys,
  PublishError,
  registryForPublishing,
} from './publish';
import { nationalFile, writeNationalExport } from './nationalReport';
import { openEventReader } from './store/eventReader';
import { NationalQuerySchema } from './routes/stats';
import { DEFAULT_SERVICE_LEVEL_MINUTES } from '../shared/stats';
import { openServerStore } from './store/open';
import type { ServerStore } from './store/types';

export const ADMIN_USAGE = `usage: npm run server:admin -- <command> [options]   (--data-dir DIR, or DATABASE_URL for PostgreSQL)
  enroll-code --office ID [--office ID …] | --offices A,B | --near ID --km N [--registry FILE]
                                     a one-time enrollment code for a device trusted for those offices (valid ${ENROLLMENT_CODE_DAYS} days);
                                     --near: every office within N km of ID in the published registry (or FILE)
  devices                            list enrolled devices (their offices; replaced ones name their successor)
  device-offices --device ID [--add A,B] [--remove C] [--office ID … | --offices A,B | --near ID --km N]
                                     change the offices a device may report for
  revoke --device ID                 revoke a device's token
  analyst-token [--label TEXT]       a token that may query the statistics of every office
  analysts                           list analyst tokens
  revoke-analyst --id ID             revoke an analyst token
  import-bundle FILE [--trust FP] [--receipt OUT]
                                     import an offline statistics file (lucka-stats-bundle/2 or /1); per office new vs already held;
                                     OUT: a receipt to hand back to the device
  publish-guide FILE [--trusted-keys F]     publish a signed guide package file (npm run guides:sign); the signature
                                     must be good against the app's trusted keys (or those in F); a published version is never replaced
  publish-registry FILE [--trusted-keys F]  publish the signed office registry file (a newer version than the published one)
  events (--device ID | --office ID) [--from D] [--to D] [--limit N]
                                     list stored events (counted, voided or quarantined)
  void-events (--device ID | --office ID) [--from D] [--to D] [--reason TEXT]
                                     void those events: they stop counting (and superseding); audited
  restore-events (--device ID | --office ID) [--from D] [--to D] [--reason TEXT]
                                     restore voided events; audited
  quarantine [--office ID] [--limit N]   events held back at ingest as implausible, with why
  release --event ID [--reason TEXT]     let a quarantined event count; audited
  audit                              every void, restore and release
  national-export --from D --to D --out FILE [--format csv_excel|csv|xlsx] [--lang sv|en]
                                     daily counts of every office and the whole country (as the supervisors' export)`;

export interface AdminIo {
  out: (line: string) => void;
  err: (line: string) => void;
  now?: () => Date;
  /** PostgreSQL URL (tests); the CLI uses DATABASE_URL. */
  databaseUrl?: string;
}

function readText(path: string | undefined): string {
  if (!path) throw new UsageError('a FILE is required');
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function runCommand(command: string, args: ParsedArgs, store: ServerStore, io: AdminIo): Promise<void> {
  const now = (io.now ?? (() => new Date()))();
  switch (command) {
    case 'enroll-code': {
      const offices = await officeSetFromArgs(args, store);
      const code = newEnrollmentCode();
      const expiresAt = new Date(now.getTime() + ENROLLMENT_CODE_DAYS * 86_400_000).toISOString();
      await store.createEnrollmentCode({
        codeHash: enrollmentCodeHash(code),
        officeId: offices[0]!,
        officeIds: offices,
        createdAt: now.toISOString(),
        expiresAt,
      });
      io.out(code);
      io.err(
        `one-time code for ${offices.length === 1 ? 'office' : `${offices.length} offices:`} ${offices.join(', ')}, valid until ${expiresAt}`,
      );
      return;
    }
    case 'devices': {
      const devices = await store.listDevices();
      if (devices.length === 0) io.err('no devices enrolled');
      for (const d of devices)
        io.out(
          [
            d.id,
            d.officeIds.join(','),
            d.name,
            d.keyFingerprint,
            d.createdAt,
            d.replacedBy
              ? `replaced by ${d.replacedBy} ${d.revokedAt}`
              : d.revokedAt
                ? `revoked ${d.revokedAt}`
                : 'active',
          ]
            .map(esc)
            .join('\t'),
        );
      return;
    }
    case 'device-offices': {
      const id = option(args, 'device');
      if (!id) throw new UsageError('--device ID is required');
      const device = (await store.listDevices()).find((d) => d.id === id);
      if (!device) throw new UsageError(`no device ${esc(id)}`);
      const add = args.options.has('add') ? (args.options.get('add') ?? []).flatMap((l) => l.split(',')) : [];
      const remove = new Set((args.options.get('remove') ?? []).flatMap((l) => l.split(',')));
      const wantsSet = args.options.has('office') || args.options.has('offices') || args.options.has('near');
      const base = wantsSet ? await officeSetFromArgs(args, store) : device.officeIds;
      for (const office of [...add, ...remove])
        if (!OFFICE_ID.test(office)) throw new UsageError(`office id ${JSON.stringify(office)} is not a–z, 0–9 and -`);
      const next = [...new Set([...base, ...add])].filter((o) => !remove.has(o));
      if (next.length === 0) throw new UsageError('a device keeps at least one office (revoke it instead)');
      await store.setDeviceOffices(id, next);
      io.out(`device ${esc(id)} may report for: ${next.join(', ')}`);
      return;
    }
    case 'revoke': {
      const id = option(args, 'device');
      if (!id) throw new UsageError('--device ID is required');
      if (!(await store.revokeDevice(id, now.toISOString()))) throw new UsageError(`no device ${esc(id)}`);
      io.out(`revoked device ${esc(id)}; its events still count until voided (void-events --device ${esc(id)})`);
      return;
    }
    case 'national-export': {
      const out = option(args, 'out');
      if (!out) throw new UsageError('--out FILE is required');
      const query = NationalQuerySchema.safeParse({
        from: option(args, 'from'),
        to: option(args, 'to'),
        format: option(args, 'format'),
        lang: option(args, 'lang'),
      });
      if (!query.success)
        throw new UsageError(
          `--from and --to are dates (YYYY-MM-DD, from ≤ to, at most two years); --format csv_excel|csv|xlsx; --lang sv|en (${query.error.issues[0]?.message})`,
        );
      // Written as the database hands the rows over, through a read connection of its own.
      const reader = await openEventReader(store.location);
      const file = createWriteStream(resolve(out));
      try {
        await writeNationalExport(
          reader,
          { ...query.data, serviceLevelMinutes: DEFAULT_SERVICE_LEVEL_MINUTES, now },
          file,
        );
      } catch (err) {
        file.destroy();
        throw err;
      } finally {
        await reader.close();
      }
      io.out(`wrote ${out} (${file.bytesWritten} bytes; suggested name ${nationalFile(query.data).fileName})`);
      return;
    }
    case 'analysts': {
      const analysts = await store.listAnalysts();
      if (analysts.length === 0) io.err('no analyst tokens');
      for (const a of analysts)
        io.out([a.id, a.label, a.createdAt, a.revokedAt ? `revoked ${a.revokedAt}` : 'active'].map(esc).join('\t'));
      return;
    }
    case 'revoke-analyst': {
      const id = option(args, 'id');
      if (!id) throw new UsageError('--id ID is required (see: analysts)');
      if (!(await store.revokeAnalyst(id, now.toISOString()))) throw new UsageError(`no analyst token ${id}`);
      io.out(`revoked analyst token ${id}`);
      return;
    }
    case 'analyst-token': {
      const token = newToken();
      const id = randomUUID();
      await store.createAnalystToken({
        id,
        label: option(args, 'label') ?? 'analyst',
        tokenHash: sha256Hex(token),
        createdAt: now.toISOString(),
      });
      io.out(token);
      io.err(`analyst token ${id}: shown once, keep it secret`);
      return;
    }
    case 'import-bundle': {
      const result = await importStatsBundle(store, readText(args.positional[0]), {
        trustedFingerprints: args.options.get('trust') ?? [],
        ...(io.now ? { now: io.now } : {}),
      });
      const from = result.device
        ? `device ${result.device.id} (${result.device.officeIds.join(', ')})`
        : `trusted key ${result.fingerprint}`;
      const added = result.offices.reduce((n, o) => n + o.new, 0);
      io.out(
        `imported ${result.events} events from ${from}: ${added} new, ${result.stored - added} already held (${result.quarantined} newly quarantined), ${result.conflicts.length} conflicts`,
      );
      // Per office: what arrived now and what the service had before (an earlier file or an upload).
      for (const o of result.offices)
        io.out(
          `  ${o.officeId}: ${o.events} events, ${o.new} new, ${o.alreadyHeld} already held${o.quarantined ? `, ${o.quarantined} quarantined` : ''}${o.conflicts ? `, ${o.conflicts} conflicts` : ''}`,
        );
      for (const id of result.conflicts) io.err(`conflict: ${id} is already held with different content`);
      const receiptFile = option(args, 'receipt');
      if (receiptFile) {
        writeFileSync(resolve(receiptFile), JSON.stringify(result.receipt));
        io.out(`receipt written to ${receiptFile}: hand it back to the device (Inställningar → Läs in kvitto)`);
      }
      return;
    }
    case 'publish-guide': {
      const text = readText(args.positional[0]);
      const guide = guideForPublishing(text, now.toISOString(), publishingKeys(option(args, 'trusted-keys')));
      const outcome = await store.publishGuide(guide);
      if (outcome === 'refused')
        throw new PublishError(
          `guide package ${guide.packageId} version ${guide.version} is already published with other content; publish it as a new version`,
        );
      io.out(
        outcome === 'unchanged'
          ? `guide package ${guide.packageId} version ${guide.version} was already published, unchanged`
          : `published guide package ${guide.packageId} version ${guide.version} (${guide.hash})`,
      );
      return;
    }
    case 'publish-registry': {
      const text = readText(args.positional[0]);
      const registry = registryForPublishing(text, now.toISOString(), publishingKeys(option(args, 'trusted-keys')));
      const current = await store.registry();
      if (current?.hash === registry.hash) {
        io.out(`office registry version ${registry.version} was already published, unchanged`);
        return;
      }
      const currentVersion = current ? publishedRegistryVersion(current.text) : 0;
      if (registry.version <= currentVersion)
        throw new PublishError(
          `office registry version ${currentVersion} is published; this file is version ${registry.version}: sign it as a newer version`,
        );
      await store.publishRegistry({ hash: registry.hash, text: registry.text, publishedAt: registry.publishedAt });
      io.out(`published office registry version ${registry.version} (sha256 ${registry.hash})`);
      return;
    }
    default:
      if (!(await runEventCommand(command, args, store, io, now))) throw new UsageError(`unknown command ${command}`);
  }
}

/** The admin CLI as a function (tests call it directly): returns the exit code. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let store: ServerStore | undefined;
  try {
    const [command, ...rest] = argv;
    if (!command || command === 'help' || command === '--help') {
      io.err(ADMIN_USAGE);
      return command ? 0 : 2;
    }
    const args = parseArgs(rest, [
      'data-dir',
      'office',
      'device',
      'id',
      'label',
      'trust',
      'from',
      'to',
      'out',
      'format',
      'lang',
      'trusted-keys',
      'limit',
      'reason',
      'event',
      'offices',
      'near',
      'km',
      'registry',
      'add',
      'remove',
      'receipt',
    ]);
    const positionalAllowed = ['import-bundle', 'publish-guide', 'publish-registry'].includes(command) ? 1 : 0;
    if (args.positional.length > positionalAllowed)
      throw new UsageError(`unexpected argument ${args.positional.at(-1)}`);
    store = await openServerStore({
      dataDir: resolve(option(args, 'data-dir') ?? process.env.LUCKA_SERVER_DATA_DIR ?? '.lucka-central'),
      databaseUrl: io.databaseUrl,
    });
    await runCommand(command, args, store, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      io.err(ADMIN_USAGE);
      return 2;
    }
    if (err instanceof BundleImportError || err instanceof PublishError) {
      io.err(`refused: ${err.message}`);
      if (err instanceof BundleImportError) for (const i of err.issues) io.err(`  ${i.path}: ${i.issue}`);
      return 1;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await store?.close();
  }
}
