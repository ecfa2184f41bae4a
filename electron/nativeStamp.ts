import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron-ABI build of better-sqlite3 (build/native/electron/) carries a stamp of
 * what it was built for (scripts/build-native-electron.mjs writes it). A binary built for
 * another Electron (another ABI) or another better-sqlite3 (another C++ API) would make
 * the backend crash on its first require, five times, and then stay down with nothing
 * said; main checks the stamp first and says what is wrong.
 */
export interface NativeStamp {
  electron: string;
  betterSqlite3: string;
}

export type NativeCheck = { ok: true } | { ok: false; reason: string };

export function checkNativeBuild(nativeDir: string, want: NativeStamp): NativeCheck {
  if (!existsSync(join(nativeDir, 'better_sqlite3.node')))
    return { ok: false, reason: `no better_sqlite3.node in ${nativeDir}` };
  let stamp: Partial<NativeStamp>;
  try {
    stamp = JSON.parse(readFileSync(join(nativeDir, 'stamp.json'), 'utf8')) as Partial<NativeStamp>;
  } catch {
    return { ok: false, reason: `no readable stamp.json in ${nativeDir} (built by an older script?)` };
  }
  if (stamp.electron !== want.electron || stamp.betterSqlite3 !== want.betterSqlite3)
    return {
      ok: false,
      reason:
        `built for Electron ${String(stamp.electron)} and better-sqlite3 ${String(stamp.betterSqlite3)}, ` +
        `but this is Electron ${want.electron} with better-sqlite3 ${want.betterSqlite3}`,
    };
  return { ok: true };
}
