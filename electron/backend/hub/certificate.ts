import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { X509Certificate, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Node's WebCrypto is the standard one; only its type (from @types/node, not the DOM) differs.
x509.cryptoProvider.set(webcrypto as never);

export interface HubCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate's DER, hex upper-case with colons: what devices pin. */
  fingerprint: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** A hub certificate is pinned, not checked against a CA or a date: it lives as long as the hub's data. */
const VALID_YEARS = 30;

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

function writePrivate(file: string, data: string): void {
  writeFileSync(`${file}.tmp`, data, { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/**
 * The hub's TLS identity, generated on its first start and kept in <dataDir>/hub/: a
 * self-signed ECDSA P-256 certificate signed with SHA-256. Office LANs have no CA for a
 * PC, so devices pin its fingerprint at pairing (decision 0005); a new certificate would
 * make every device re-pair, so it is never replaced by the hub on its own.
 */
export async function loadOrCreateHubCertificate(dataDir: string, now = new Date()): Promise<HubCertificate> {
  const dir = join(dataDir, 'hub');
  const certFile = join(dir, 'certificate.pem');
  const keyFile = join(dir, 'private-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const certPem = readFileSync(certFile, 'utf8');
    return { certPem, keyPem: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(certPem) };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALID_YEARS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: webcrypto
      .getRandomValues(new Uint8Array(16))
      .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '7'),
    name: 'CN=Lucka office hub',
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const certPem = cert.toString('pem');
  // The key first: a certificate on disk without its key would be unusable.
  writePrivate(keyFile, keyPem);
  writePrivate(certFile, certPem);
  return { certPem, keyPem, fingerprint: fingerprintOf(certPem) };
}
