// A stand-in Electron distribution for packaging without the network: the layout
// electron-builder copies from `electronDist` (Linux: an `electron` executable beside
// `chrome-sandbox`, `resources/`, `version`), where the executable is a shell script that
// refuses to run, carrying Electron's fuse wire (the sentinel string, wire version 1, the
// wire length and one byte per fuse, as @electron/fuses reads it), so electron-builder's
// electronFuses step flips real bytes the test can read back. Nothing here runs an app.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, in wire order: RunAsNode, EnableCookieEncryption,
// EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
// EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
// LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges ('1' on, '0' off).
const DEFAULT_WIRE = '10110001';

export function makeStandInElectron(dir, version) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const script = Buffer.from(
    '#!/bin/sh\n' +
      `echo "Lucka: this is a stand-in for Electron ${version} (packaging test); it runs nothing." >&2\n` +
      'exit 1\n',
  );
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
  ]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'chrome-sandbox'), '');
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!-- stand-in -->\n');
  return dir;
}
