import { existsSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * A finished statistics export, as main finds it on disk to save where the supervisor
 * chose: <dataDir>/exports/<downloadKey>/<fileName> (electron/backend/stats/statsJobs.ts).
 * The key and name come from the renderer, so both are checked to name nothing else.
 */
const KEY = /^[A-Za-z0-9_-]{32}$/;
const FILE_NAME = /^[a-z0-9_.-]{1,160}$/;

export function finishedExport(
  dataDir: string,
  key: unknown,
  fileName: unknown,
): { path: string; fileName: string } | null {
  if (typeof key !== 'string' || !KEY.test(key) || typeof fileName !== 'string' || !FILE_NAME.test(fileName))
    return null;
  if (basename(fileName) !== fileName || fileName.startsWith('.')) return null;
  const path = join(dataDir, 'exports', key, fileName);
  return existsSync(path) ? { path, fileName } : null;
}

/** Moves the file to where the supervisor chose (copying across disks), then removes its folder. */
export async function moveExport(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch {
    await copyFile(from, to);
  }
  await rm(join(from, '..'), { recursive: true, force: true });
}
