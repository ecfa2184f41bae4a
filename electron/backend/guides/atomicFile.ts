import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Temporary files end in this; whatever is left with it after a crash is garbage. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` with `text` so that a reader (or a crash) sees the old content or the
 * new, never a half: write to a temp name, fsync, rename over the target, fsync the folder.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDir(dirname(file));
}

/** Makes the rename itself durable on POSIX; Windows cannot open a folder for this and does not need to. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort: the data itself is already synced
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
