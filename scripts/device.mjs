#!/usr/bin/env node
// `npm run device -- --data-dir PATH [--pair ADDRESS --code CODE] [--screens] [--events]`:
// one Lucka installation with no window (electron/backend/hosts/deviceMain.ts), e.g. a
// counter, kiosk or display paired with an office hub, for tests and trials on one machine.
import { bundleBackendEntry, runBundled } from './lib/backendBundle.mjs';

const outfile = await bundleBackendEntry('electron/backend/hosts/deviceMain.ts', 'device', 'device');
await runBundled(outfile, process.argv.slice(2));
