import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeContentHash } from '../../../shared/node/packageHash';
import { keyFingerprint } from '../../../shared/node/keyFingerprint';
import { signPackage, withContentHash } from '../../../shared/node/publisherSigning';
import { SIGNED_PACKAGE_FORMAT, TrustedKeysSchema, verifySignedPackage } from '../../../shared/node/signatures';
import { bundledTrustedKeys } from '../../../shared/node/trustedKeys';
import { canonicalJson } from '../../../shared/canonicalJson';
import { miniPackage } from '../../support/guideFixture';
import { packageAt, publisherKey } from '../../support/guideSigning';
import { tempDir } from '../../support/temp';

const SCRIPT = join(process.cwd(), 'scripts/guides-sign.mjs');

describe('content hash', () => {
  it('ignores the hash field, key order and formatting', () => {
    const pkg = miniPackage();
    const { contentHash: _hash, ...content } = pkg;
    const reordered = JSON.parse(JSON.stringify({ contentHash: 'f'.repeat(64), ...content }, null, 4));
    expect(computeContentHash(reordered)).toBe(computeContentHash(pkg));
    expect(withContentHash(pkg).contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any text', () => {
    const pkg = miniPackage();
    const before = computeContentHash(pkg);
    pkg.texts.sv['out.done'] = 'Ändrad';
    expect(computeContentHash(pkg)).not.toBe(before);
  });
});

describe('signed package files', () => {
  const key = publisherKey();
  const pkg = packageAt(2);

  it('verify with the trusted key, whatever the formatting', () => {
    const signed = signPackage(pkg, key.privateKeyPem, key.trusted.keyId);
    expect(signed.format).toBe(SIGNED_PACKAGE_FORMAT);
    const reformatted = JSON.parse(JSON.stringify(signed, null, 8));
    expect(verifySignedPackage(reformatted, [key.trusted])).toEqual({
      ok: true,
      package: pkg,
      keyId: key.trusted.keyId,
    });
  });

  it('refuse one text changed after signing', () => {
    const signed = signPackage(pkg, key.privateKeyPem, key.trusted.keyId);
    (signed.package as typeof pkg).texts.sv['out.done'] = 'Klart, utan avgift';
    expect(verifySignedPackage(signed, [key.trusted])).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuse a signature by another key that claims a trusted key id', () => {
    const other = publisherKey();
    const forged = signPackage(pkg, other.privateKeyPem, key.trusted.keyId);
    expect(verifySignedPackage(forged, [key.trusted])).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuse an unknown key id', () => {
    const other = publisherKey();
    const signed = signPackage(pkg, other.privateKeyPem, other.trusted.keyId);
    expect(verifySignedPackage(signed, [key.trusted])).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('refuse anything but the envelope', () => {
    const signed = signPackage(pkg, key.privateKeyPem, key.trusted.keyId);
    for (const bad of [
      pkg,
      null,
      [],
      { ...signed, format: 'lucka-guide-package-signed/2' },
      { ...signed, extra: 1 },
      { ...signed, package: 'x' },
      { ...signed, signature: { keyId: key.trusted.keyId } },
      { ...signed, signature: { ...signed.signature, ed25519: 'AAAA' } },
    ])
      expect(verifySignedPackage(bad, [key.trusted])).toEqual({ ok: false, reason: 'bad_format' });
  });

  it('sign exactly the canonical JSON, hash included', () => {
    const signed = signPackage(pkg, key.privateKeyPem, key.trusted.keyId);
    expect(canonicalJson(signed.package)).toBe(canonicalJson(pkg));
    expect(canonicalJson(signed.package)).toContain(pkg.contentHash);
  });
});

describe('the app’s trusted keys', () => {
  it('parse, and each key id is derived from its key', () => {
    const keys = bundledTrustedKeys();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.keyId).toBe(keyFingerprint(k.publicKeyPem));
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE/);
  });
});

describe('scripts/guides-sign.mjs', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [SCRIPT, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
    });

  it('makes a key pair whose key id the app derives the same way', () => {
    const out = execFileSync(process.execPath, [SCRIPT, '--keygen'], { encoding: 'utf8' });
    const keyId = /^keyId: ([0-9a-f]{16})$/m.exec(out)![1]!;
    const entry = TrustedKeysSchema.parse([JSON.parse(/^\{[\s\S]*?^\}/m.exec(out)![0])])[0]!;
    expect(entry.keyId).toBe(keyId);
    expect(keyFingerprint(entry.publicKeyPem)).toBe(keyId);
    expect(out).toMatch(/-----BEGIN PRIVATE KEY-----/);
  });

  it('signs a package (stale hash recomputed) so that the app verifies it', () => {
    const dir = tempDir();
    const key = publisherKey();
    const stale = { ...packageAt(3), contentHash: '0'.repeat(64) };
    writeFileSync(join(dir, 'skv.json'), JSON.stringify(stale, null, 2));
    const keyFile = join(dir, 'signing.pem');
    writeFileSync(keyFile, key.privateKeyPem);

    // Key as a path; the key id is derived from the key.
    expect(run([join(dir, 'skv.json')], { LUCKA_GUIDE_SIGNING_KEY: keyFile }).status).toBe(0);
    const signed = JSON.parse(readFileSync(join(dir, 'skv.signed.json'), 'utf8'));
    const verified = verifySignedPackage(signed, [key.trusted]);
    expect(verified.ok).toBe(true);
    expect(signed.package.contentHash).toBe(computeContentHash(stale));

    // Key as PEM text, with an explicit output file and key id.
    const named = { ...key.trusted, keyId: 'publisher-2026' };
    const result = run([join(dir, 'skv.json'), '--out', join(dir, 'out.json'), '--key-id', named.keyId], {
      LUCKA_GUIDE_SIGNING_KEY: key.privateKeyPem,
    });
    expect(result.status).toBe(0);
    expect(verifySignedPackage(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')), [named]).ok).toBe(true);
  });

  it('says in one line what is missing without a key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'skv.json'), JSON.stringify(packageAt(1)));
    const result = run([join(dir, 'skv.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/LUCKA_GUIDE_SIGNING_KEY/);
  });
});
