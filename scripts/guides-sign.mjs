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
 * It signs with shared/node/publisherSigning.ts, so what it writes is verified by the very
 * code the app runs. It does not validate the package: run `npm run guides:check <file>` first.
 */
import { runTs } from './run-ts.mjs';

await runTs('scripts/guides/sign.ts', process.argv.slice(2));
