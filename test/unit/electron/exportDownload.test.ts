import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishedExport, moveExport } from '../../../electron/exportDownload';
import { tempDir } from '../../support/temp';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('a finished export as main saves it', () => {
  it('finds only a file under exports/<key>/, by a well-formed key and file name', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'exports', KEY), { recursive: true });
    writeFileSync(join(dataDir, 'exports', KEY, 'lucka-stockholm-besok.csv'), 'a;b\r\n');
    writeFileSync(join(dataDir, 'lucka.sqlite'), 'the store');
    expect(finishedExport(dataDir, KEY, 'lucka-stockholm-besok.csv')?.path).toBe(
      join(dataDir, 'exports', KEY, 'lucka-stockholm-besok.csv'),
    );
    // The renderer's strings never reach outside the key's folder.
    for (const [key, name] of [
      ['..', 'lucka.sqlite'],
      [KEY, '../../lucka.sqlite'],
      [`${KEY}/..`, 'lucka.sqlite'],
      [KEY, '.hidden'],
      [KEY, 'missing.csv'],
      [42, 'lucka-stockholm-besok.csv'],
    ] as const)
      expect(finishedExport(dataDir, key, name)).toBeNull();
  });

  it('moves the file to the chosen place and removes its folder', async () => {
    const dataDir = tempDir();
    const dir = join(dataDir, 'exports', KEY);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.csv'), 'rows');
    const target = join(tempDir(), 'chosen.csv');
    await moveExport(join(dir, 'x.csv'), target);
    expect(readFileSync(target, 'utf8')).toBe('rows');
    expect(existsSync(dir)).toBe(false);
  });
});
