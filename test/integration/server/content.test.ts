import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledRegistry } from '../../../electron/backend/officeRegistry';
import { withContentHash } from '../../../shared/node/publisherSigning';
import { packageAt, publisherKey, signedRegistryText, signedText } from '../../support/guideSigning';
import { tempDir } from '../../support/temp';
import { admin, BACKENDS, trustedKeysFile, useTestServer } from './harness';

function writeFile(name: string, text: string): string {
  const path = join(tempDir('lucka-publish-'), name);
  writeFileSync(path, text);
  return path;
}

describe.each(BACKENDS)('guides and registry ($name)', (backend) => {
  const s = useTestServer(backend);

  it('serves the newest published guide packages with ETag and 304, and each file byte for byte', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const empty = await t.request('GET', '/v1/guides', { token: device.token });
    expect(empty.json).toEqual({ packages: [] });

    const key = publisherKey();
    const v1 = signedText(packageAt(1), key);
    const v2 = signedText(packageAt(2), key);
    for (const text of [v1, v2]) {
      const published = await admin(t, [
        'publish-guide',
        writeFile('pkg.signed.json', text),
        '--trusted-keys',
        trustedKeysFile(key.trusted),
      ]);
      expect(published.code, published.err.join('\n')).toBe(0);
    }
    const index = await t.request('GET', '/v1/guides', { token: device.token });
    expect(index.status).toBe(200);
    const pkg = packageAt(2);
    expect(index.json.packages).toEqual([
      { packageId: pkg.id, version: 2, hash: `sha256:${pkg.contentHash}`, path: `/guides/${pkg.id}/2` },
    ]);
    const etag = index.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const cached = await t.request('GET', '/v1/guides', { token: device.token, headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');

    const file = await t.request('GET', `/v1${index.json.packages[0].path}`, { token: device.token });
    expect(file.status).toBe(200);
    expect(file.text).toBe(v2);
    const again = await t.request('GET', `/v1/guides/${pkg.id}/2`, {
      token: device.token,
      headers: { 'if-none-match': file.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect((await t.request('GET', `/v1/guides/${pkg.id}/1`, { token: device.token })).text).toBe(v1);
    const missing = await t.request('GET', `/v1/guides/${pkg.id}/9`, { token: device.token });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    expect((await t.request('GET', '/v1/guides')).status).toBe(401);
  });

  it('refuses to publish a file that is not a signed guide package, with a non-zero exit', async () => {
    const { t } = s;
    const notSigned = await admin(t, ['publish-guide', writeFile('p.json', JSON.stringify(packageAt(1)))]);
    expect(notSigned.code).toBe(1);
    expect(notSigned.err.join('\n')).toMatch(/not a signed guide package/);
    // Signed, but its content hash does not match (the signature is over what the publisher wrote).
    const key = publisherKey();
    const badHashPkg = packageAt(1);
    badHashPkg.texts.sv['out.done'] = 'Ändrad efter hashen';
    const badHash = await admin(t, [
      'publish-guide',
      writeFile('t.json', signedText(badHashPkg, key)),
      '--trusted-keys',
      trustedKeysFile(key.trusted),
    ]);
    expect(badHash.code).toBe(1);
    expect(badHash.err.join('\n')).toMatch(/content hash/);
    const missingFile = await admin(t, ['publish-guide', '/nonexistent/file.json']);
    expect(missingFile.code).toBe(2);
  });

  it('serves the published registry as published, with ETag and 304; a new publication changes the ETag', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const none = await t.request('GET', '/v1/registry', { token: device.token });
    expect(none.status).toBe(404);

    const key = publisherKey();
    const keys = trustedKeysFile(key.trusted);
    const text = signedRegistryText(loadBundledRegistry(), 2, key);
    expect((await admin(t, ['publish-registry', writeFile('registry.json', text), '--trusted-keys', keys])).code).toBe(
      0,
    );
    const res = await t.request('GET', '/v1/registry', { token: device.token });
    expect(res.status).toBe(200);
    expect(res.text).toBe(text);
    const etag = res.headers.get('etag')!;
    const cached = await t.request('GET', '/v1/registry', { token: device.token, headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);

    const next = signedRegistryText(loadBundledRegistry(), 3, key);
    expect((await admin(t, ['publish-registry', writeFile('r2.json', next), '--trusted-keys', keys])).code).toBe(0);
    const changed = await t.request('GET', '/v1/registry', { token: device.token, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.text).toBe(next);
    expect((await admin(t, ['publish-registry', writeFile('bad.json', 'not json')])).code).toBe(1);
    // Unsigned, or a registry that is not one, is refused before it reaches any desktop.
    const unsigned = await admin(t, ['publish-registry', writeFile('u.json', '{"offices":[]}')]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.err.join('\n')).toMatch(/not a signed office registry/);
    const empty = signedRegistryText({ ...loadBundledRegistry(), offices: [] }, 4, key);
    expect((await admin(t, ['publish-registry', writeFile('e.json', empty), '--trusted-keys', keys])).code).toBe(1);
  });

  it('publishes only what a trusted key signed, and never replaces a published version', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const key = publisherKey();
    const keys = trustedKeysFile(key.trusted);
    const v1 = signedText(packageAt(1), key);
    const publish = (text: string, ...extra: string[]) =>
      admin(t, ['publish-guide', writeFile('g.json', text), ...extra]);

    // Any 64-byte signature used to do: a stranger's key, a made-up signature, or no --trusted-keys
    // (the app's own keys, which did not sign this test package).
    const stranger = await publish(signedText(packageAt(1), publisherKey()), '--trusted-keys', keys);
    expect(stranger.code).toBe(1);
    expect(stranger.err.join('\n')).toMatch(/not trusted/);
    const forged = JSON.parse(v1);
    forged.signature.ed25519 = Buffer.alloc(64, 7).toString('base64');
    const badSignature = await publish(JSON.stringify(forged), '--trusted-keys', keys);
    expect(badSignature.code).toBe(1);
    expect(badSignature.err.join('\n')).toMatch(/signature does not match/);
    expect((await publish(v1)).code).toBe(1);
    expect((await t.request('GET', '/v1/guides', { token: device.token })).json.packages).toEqual([]);

    expect((await publish(v1, '--trusted-keys', keys)).code).toBe(0);
    const same = await publish(v1, '--trusted-keys', keys);
    expect(same.code).toBe(0);
    expect(same.out.join('\n')).toMatch(/already published, unchanged/);
    // The same version with other (validly signed) content is refused; the first stays served.
    const other = packageAt(1);
    other.texts.sv['out.done'] = 'Annan text';
    const replaced = await publish(signedText(withContentHash(other), key), '--trusted-keys', keys);
    expect(replaced.code).toBe(1);
    expect(replaced.err.join('\n')).toMatch(/already published with other content/);
    expect((await t.request('GET', `/v1/guides/${other.id}/1`, { token: device.token })).text).toBe(v1);

    // The registry: a stranger's signature is refused, and so is an older or equal version.
    const registry = (version: number, k = key) => signedRegistryText(loadBundledRegistry(), version, k);
    const r = (text: string) => admin(t, ['publish-registry', writeFile('r.json', text), '--trusted-keys', keys]);
    expect((await r(registry(5, publisherKey()))).code).toBe(1);
    expect((await r(registry(5))).code).toBe(0);
    const older = await r(registry(4));
    expect(older.code).toBe(1);
    expect(older.err.join('\n')).toMatch(/version 5 is published/);
    expect((await t.request('GET', '/v1/registry', { token: device.token })).text).toBe(registry(5));
  });
});
