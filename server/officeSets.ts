import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OfficeRegistrySchema, SignedRegistryFileSchema, type Office } from '../shared/offices';
import { distanceKm } from '../shared/referral';
import { option, UsageError, type ParsedArgs } from './cliArgs';
import { OFFICE_ID } from './adminEvents';
import type { ServerStore } from './store/types';

/**
 * The offices an admin command names (issue 18: a travelling device is trusted for a set):
 * `--office ID` (repeatable), `--offices A,B,C`, and a region as `--near ID --km N` (every
 * office within N km of that one, by the registry's positions: the published registry, or
 * `--registry FILE` with the app's office list). The registry has no county field, so a
 * region is a radius; say the offices by name where the radius does not fit.
 */
export async function officeSetFromArgs(args: ParsedArgs, store: ServerStore): Promise<string[]> {
  const named = [
    ...(args.options.get('office') ?? []),
    ...(args.options.get('offices') ?? []).flatMap((list) => list.split(',')),
  ].map((id) => id.trim());
  for (const id of named)
    if (!OFFICE_ID.test(id)) throw new UsageError(`office id ${JSON.stringify(id)} is not a–z, 0–9 and -`);
  const near = option(args, 'near');
  if (near !== undefined) named.push(...(await officesNear(args, store, near)));
  const set = [...new Set(named)];
  if (set.length === 0) throw new UsageError('--office ID (repeatable), --offices A,B or --near ID --km N is required');
  if (set.length > 200) throw new UsageError('at most 200 offices in one set');
  return set;
}

async function officesNear(args: ParsedArgs, store: ServerStore, centre: string): Promise<string[]> {
  const km = Number(option(args, 'km'));
  if (!Number.isFinite(km) || km <= 0 || km > 2000) throw new UsageError('--near needs --km N (1–2000)');
  const offices = await registryOffices(store, option(args, 'registry'));
  const from = offices.find((o) => o.id === centre);
  if (!from) throw new UsageError(`office ${JSON.stringify(centre)} is not in the registry`);
  // The centre first: the office the device is enrolled for, then the rest by distance.
  return offices
    .map((o) => ({ id: o.id, km: distanceKm(from, o) }))
    .filter((o) => o.km <= km)
    .sort((a, b) => a.km - b.km || a.id.localeCompare(b.id))
    .map((o) => o.id);
}

async function registryOffices(store: ServerStore, file: string | undefined): Promise<Office[]> {
  let json: unknown;
  if (file) {
    try {
      json = JSON.parse(readFileSync(resolve(file), 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read the registry ${file}: ${(err as Error).message}`);
    }
  } else {
    const published = await store.registry();
    if (!published) throw new UsageError('no office registry is published: publish one, or pass --registry FILE');
    const signed = SignedRegistryFileSchema.safeParse(JSON.parse(published.text));
    json = signed.success ? signed.data.registry : null;
  }
  // A signed registry file or the bare registry: either way the offices with their positions.
  const inner = SignedRegistryFileSchema.safeParse(json);
  const registry = OfficeRegistrySchema.safeParse(inner.success ? inner.data.registry : json);
  if (!registry.success) throw new UsageError('the registry is not a valid office registry');
  return registry.data.offices;
}
