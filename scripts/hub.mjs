#!/usr/bin/env node
// `npm run hub -- --data-dir PATH --port N [--listen ADDRESS]`: an office hub with no window.
// Bundles the hub's entry with esbuild (a second or so; no full build), then runs it. The hub
// boots a whole backend: its supervisors' reports and exports run in the statistics worker,
// which the backend looks for beside its own bundle (bundled with it).
import { bundleBackendEntry, runBundled } from './lib/backendBundle.mjs';

const outfile = await bundleBackendEntry('electron/backend/hosts/hubMain.ts', 'hub', 'hub');
await runBundled(outfile, process.argv.slice(2));
