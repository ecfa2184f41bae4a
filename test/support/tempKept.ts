import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp directory that outlives one test (for a suite that walks one store through steps). */
export function tempDirKept(prefix = 'lucka-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
