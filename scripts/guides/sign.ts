// The publisher's signing tool behind scripts/guides-sign.mjs (usage there).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { keyFingerprint } from '../../shared/node/keyFingerprint';
import { signPackage, signRegistry, withContentHash } from '../../shared/node/publisherSigning';

const KEY_ENV = 'LUCKA_GUIDE_SIGNING_KEY';

function fail(message: string): never {
  console.error(`guides-sign: ${message}`);
  process.exit(1);
}

function keygen(): void {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  console.log(`keyId: ${keyFingerprint(publicKey)}`);
  console.log('# public key: add this entry to assets/guides/trusted-keys.json');
  console.log(JSON.stringify({ keyId: keyFingerprint(publicKey), publicKeyPem }, null, 2));
  console.log(`# private key: keep it secret, pass it as ${KEY_ENV} (the text or a path to a file)`);
  process.stdout.write(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

function loadPrivateKey(): KeyObject {
  const value = process.env[KEY_ENV];
  if (!value) fail(`set ${KEY_ENV} to the Ed25519 private key (PEM text or a path to a PEM file)`);
  const pem = value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : null;
  if (pem === null) fail(`${KEY_ENV} is neither PEM text nor a path to an existing file`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    fail(`${KEY_ENV} is not a readable private key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') fail(`${KEY_ENV} is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

interface Options {
  file?: string;
  out?: string;
  keyId?: string;
  registry: boolean;
  version?: string;
}

function parseArgs(argv: string[]): Options & { file: string } {
  const options: Options = { registry: false };
  const valued = { '--out': 'out', '--key-id': 'keyId', '--version': 'version' } as const;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--registry') options.registry = true;
    else if (arg in valued) {
      const value = argv[++i];
      if (!value) fail(`${arg} needs a value`);
      options[valued[arg as keyof typeof valued]] = value;
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (options.file) fail('one package file at a time');
    else options.file = arg;
  }
  if (!options.file) fail('usage: guides-sign <package.json> [--out file] [--key-id id] | --keygen');
  return options as Options & { file: string };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`${file}: ${(err as Error).message}`);
  }
}

const signedName = (file: string, out?: string) =>
  out ?? join(dirname(file), `${basename(file).replace(/\.json$/, '')}.signed.json`);

function signFile({ file, out, keyId }: Options & { file: string }): void {
  const privateKey = loadPrivateKey();
  const raw = readJson(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${file}: not a package object`);
  const pkg = withContentHash(raw as Record<string, unknown>);
  const signed = signPackage(pkg, privateKey, keyId);
  const target = signedName(file, out);
  writeFileSync(target, `${JSON.stringify(signed, null, 2)}\n`);
  console.log(
    `${target}: ${String(pkg.id)}@${String(pkg.version)}, content ${pkg.contentHash}, key ${signed.signature.keyId}`,
  );
}

function signRegistryFile({ file, out, keyId, version }: Options & { file: string }): void {
  const n = Number(version);
  if (!Number.isInteger(n) || n < 1) fail('--version must be a whole number ≥ 1 (higher than the one desktops have)');
  const privateKey = loadPrivateKey();
  const registry = readJson(file) as { offices?: unknown } | null;
  if (registry === null || typeof registry !== 'object' || !Array.isArray(registry.offices))
    fail(`${file}: not an office registry (no offices list)`);
  const signed = signRegistry(registry, n, privateKey, keyId);
  const target = signedName(file, out);
  writeFileSync(target, `${JSON.stringify(signed, null, 2)}\n`);
  console.log(
    `${target}: office registry version ${n}, ${(registry.offices as unknown[]).length} offices, key ${signed.signature.keyId}`,
  );
}

const args = process.argv.slice(2);
if (args.includes('--keygen')) keygen();
else {
  const options = parseArgs(args);
  if (options.registry) signRegistryFile(options);
  else signFile(options);
}
