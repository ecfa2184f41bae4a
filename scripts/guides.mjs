#!/usr/bin/env node
// The guide tooling (scripts/guides/cli.ts): check, hash, golden, diagram.
import { runTs } from './run-ts.mjs';

await runTs('scripts/guides/cli.ts', process.argv.slice(2));
