#!/usr/bin/env node
/**
 * Publisher side of guide packages (`npm run guides:sign`):
 *
 *   node scripts/guides-sign.mjs <package.json> [--out file] [--key-id id]
 *     signs the package with the Ed25519 private key in LUCKA_GUIDE_SIGNING_KEY (PEM text
 *     or a path to a PEM file), after recomputing its content hash; writes <name>.signed.json.
 *   node scripts/guides-sign.mjs --registry <offices.json> --version N [--out file] [--key-id id]
 *     signs an office registry (npm run registry:sign) as lucka-office-registry-signed/1:
 *     the signature covers the canonical JSON of { registry, version }; desktops install
 *     only a higher version than they have.
 *   node scripts/guides-sign.mjs --keygen
 *     prints a new key pair and its key id; the public half goes into
 *     assets/guides/trusted-keys.json, the private half stays with the publisher.
 *
 * Plain Node, no build step: the canonical JSON below must stay byte-equal to
 * shared/canonicalJson.ts (a test signs with this script and verifies with the app's code).
 * It does not validate the package: run `npm run guides:check <file>` first.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const FORMAT = 'lucka-guide-package-signed/1';
const REGISTRY_FORMAT = 'lucka-office-registry-signed/1';
const KEY_ENV = 'LUCKA_GUIDE_SIGNING_KEY';

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function keyIdOf(publicKey) {
  return sha256(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

function fail(message) {
  console.error(`guides-sign: ${message}`);
  process.exit(1);
}

function keygen() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
  console.log(`keyId: ${keyIdOf(publicKey)}`);
  console.log('# public key: add this entry to assets/guides/trusted-keys.json');
  console.log(JSON.stringify({ keyId: keyIdOf(publicKey), publicKeyPem }, null, 2));
  console.log(`# private key: keep it secret, pass it as ${KEY_ENV} (the text or a path to a file)`);
  process.stdout.write(privateKey.export({ type: 'pkcs8', format: 'pem' }));
}

function loadPrivateKey() {
  const value = process.env[KEY_ENV];
  if (!value) fail(`set ${KEY_ENV} to the Ed25519 private key (PEM text or a path to a PEM file)`);
  const pem = value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : null;
  if (pem === null) fail(`${KEY_ENV} is neither PEM text nor a path to an existing file`);
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') fail(`${KEY_ENV} is a ${key.asymmetricKeyType} key, not Ed25519`);
    return key;
  } catch (err) {
    fail(`${KEY_ENV} is not a readable private key (${err.message})`);
  }
}

function parseArgs(argv) {
  const options = { file: undefined, out: undefined, keyId: undefined, registry: false, version: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--registry') options.registry = true;
    else if (arg === '--out' || arg === '--key-id' || arg === '--version') {
      const value = argv[++i];
      if (!value) fail(`${arg} needs a value`);
      options[{ '--out': 'out', '--key-id': 'keyId', '--version': 'version' }[arg]] = value;
    } else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (options.file) fail('one package file at a time');
    else options.file = arg;
  }
  if (!options.file) fail('usage: guides-sign <package.json> [--out file] [--key-id id] | --keygen');
  return options;
}

function signFile({ file, out, keyId }) {
  const privateKey = loadPrivateKey();
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`${file}: ${err.message}`);
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) fail(`${file}: not a package object`);
  const { contentHash: _old, ...content } = pkg;
  pkg = { ...content, contentHash: sha256(canonicalJson(content)) };
  const signature = sign(null, Buffer.from(canonicalJson(pkg), 'utf8'), privateKey);
  const signed = {
    format: FORMAT,
    package: pkg,
    signature: { keyId: keyId ?? keyIdOf(createPublicKey(privateKey)), ed25519: signature.toString('base64') },
  };
  const target = out ?? join(dirname(file), `${basename(file).replace(/\.json$/, '')}.signed.json`);
  writeFileSync(target, `${JSON.stringify(signed, null, 2)}\n`);
  console.log(`${target}: ${pkg.id}@${pkg.version}, content ${pkg.contentHash}, key ${signed.signature.keyId}`);
}

function signRegistry({ file, out, keyId, version }) {
  const n = Number(version);
  if (!Number.isInteger(n) || n < 1) fail('--version must be a whole number ≥ 1 (higher than the one desktops have)');
  const privateKey = loadPrivateKey();
  let registry;
  try {
    registry = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`${file}: ${err.message}`);
  }
  if (registry === null || typeof registry !== 'object' || !Array.isArray(registry.offices))
    fail(`${file}: not an office registry (no offices list)`);
  const signature = sign(null, Buffer.from(canonicalJson({ registry, version: n }), 'utf8'), privateKey);
  const signed = {
    format: REGISTRY_FORMAT,
    version: n,
    registry,
    signature: { keyId: keyId ?? keyIdOf(createPublicKey(privateKey)), ed25519: signature.toString('base64') },
  };
  const target = out ?? join(dirname(file), `${basename(file).replace(/\.json$/, '')}.signed.json`);
  writeFileSync(target, `${JSON.stringify(signed, null, 2)}\n`);
  console.log(
    `${target}: office registry version ${n}, ${registry.offices.length} offices, key ${signed.signature.keyId}`,
  );
}

const args = process.argv.slice(2);
if (args.includes('--keygen')) keygen();
else {
  const options = parseArgs(args);
  if (options.registry) signRegistry(options);
  else signFile(options);
}
