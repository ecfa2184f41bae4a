import { generateKeyPairSync } from 'node:crypto';
import { keyFingerprint } from '../../shared/node/keyFingerprint';
import { signPackage, signRegistry, withContentHash } from '../../shared/node/publisherSigning';
import type { TrustedKey } from '../../shared/node/signatures';
import type { GuidePackage } from '../../shared/guide';
import { miniPackage } from './guideFixture';

/** A fresh Ed25519 publisher key: tests never touch the app's trusted key. */
export function publisherKey(): { trusted: TrustedKey; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    trusted: { keyId: keyFingerprint(publicKeyPem), publicKeyPem },
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The fixture package at a version, with one text changed so versions differ in content, hash set. */
export function packageAt(version: number): GuidePackage {
  const pkg = miniPackage();
  pkg.version = version;
  pkg.texts.sv['out.done'] = `Klart (version ${version})`;
  return withContentHash(pkg);
}

/** The signed file a publisher would hand out, as text. */
export function signedText(pkg: GuidePackage, key: ReturnType<typeof publisherKey>): string {
  return JSON.stringify(signPackage(pkg, key.privateKeyPem, key.trusted.keyId), null, 2);
}

/** A signed office registry file (as npm run registry:sign writes it), as text. */
export function signedRegistryText(registry: unknown, version: number, key: ReturnType<typeof publisherKey>): string {
  return JSON.stringify(signRegistry(registry, version, key.privateKeyPem, key.trusted.keyId), null, 2);
}
