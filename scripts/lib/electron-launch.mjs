// How `npm start` launches the Electron runtime on a developer's machine: whether the
// Chromium sandbox can start there, and what exit code to pass on.
import { constants } from 'node:os';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Extra arguments for Electron, and a note saying why. Chromium's Linux sandbox needs
 * unprivileged user namespaces or a SUID root `chrome-sandbox` helper. Ubuntu 23.10+
 * restricts user namespaces to programs with an AppArmor profile
 * (kernel.apparmor_restrict_unprivileged_userns = 1), and node_modules/electron/dist has
 * neither a profile nor a SUID helper, so a dev run dies with "The SUID sandbox helper
 * binary was found, but is not configured correctly". The installed deb brings its own
 * AppArmor profile (electron-builder's after-install script), so this is for dev runs only.
 */
export function sandboxArgs(
  binary,
  { platform = process.platform, uid = process.getuid?.(), read = readText, stat = statOrNull } = {},
) {
  if (platform !== 'linux') return { args: [], note: null };
  // Electron refuses to run as root without --no-sandbox.
  if (uid === 0) return { args: ['--no-sandbox'], note: 'running as root: Chromium sandbox off (--no-sandbox).' };
  const restricted = read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')?.trim() === '1';
  if (!restricted) return { args: [], note: null };
  const helper = stat(join(dirname(binary), 'chrome-sandbox'));
  const suidRoot = helper !== null && helper.uid === 0 && (helper.mode & 0o4000) !== 0;
  if (suidRoot) return { args: [], note: null };
  return {
    args: ['--no-sandbox'],
    note:
      'AppArmor restricts user namespaces here and the dev runtime has no SUID sandbox helper, so this dev run has the ' +
      `Chromium sandbox off. To keep it on: sudo chown root ${join(dirname(binary), 'chrome-sandbox')} && sudo chmod 4755 it.`,
  };
}

/** The exit code for the wrapper: a child killed by a signal is a failure (128 + signal number, as shells report it). */
export function exitCodeFor(code, signal) {
  if (signal) return 128 + (constants.signals[signal] ?? 0);
  return code ?? 1;
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function statOrNull(path) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
