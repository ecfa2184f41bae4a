import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { personalNumbersIn } from '../../shared/personalData';

/**
 * The standing privacy scan (issue 15): reads every file under some folders and reports
 * which of a given set of personal identity numbers each one holds, in every spelling the
 * rule in shared/personalData.ts knows (any dash, dots, spaces, invisible characters,
 * Unicode digits, letters around it), in UTF-8, UTF-16 (Chromium's storage) and Latin-1,
 * and inside zip containers (XLSX exports) too.
 */

/** Every regular file under the folders (symlinks and sockets skipped). */
export function filesUnder(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) return filesUnder(path);
      return stat.isFile() ? [path] : [];
    }),
  );
}

/** The stored entries of a zip file (XLSX is one), inflated; unknown methods are left out. */
function zipEntries(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const flags = bytes.readUInt16LE(at + 6);
    let size = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extraLength;
    if (flags & 0x08) {
      // Sizes follow the data (streamed zip, as exceljs writes): find the next header.
      const next = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start);
      if (next < 0) break;
      size = next - start;
      at = next + 16;
    } else {
      at = start + size;
    }
    const data = bytes.subarray(start, start + size);
    try {
      if (method === 0) out.push(Buffer.from(data));
      else if (method === 8) out.push(inflateRawSync(data));
    } catch {
      // A damaged entry is scanned as raw bytes below anyway.
    }
  }
  return out;
}

/** The texts a file's bytes could be read as. */
function textViews(bytes: Buffer): string[] {
  const views = [bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('utf16le')];
  // UTF-16 starting at an odd offset too: a string in a binary file need not be aligned.
  if (bytes.length > 1) views.push(bytes.subarray(1).toString('utf16le'));
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50)
    for (const entry of zipEntries(bytes)) views.push(...textViews(entry));
  return views;
}

/** The rule, over a long text in overlapping slices (a written number is far shorter than the overlap). */
function numbersInLongText(text: string): Set<string> {
  const found = new Set<string>();
  const slice = 64 * 1024;
  const overlap = 256;
  for (let at = 0; at < text.length; at += slice - overlap) {
    const part = text.slice(at, at + slice);
    // Cheap skip: a slice with fewer than ten digit-like characters cannot hold a number.
    if ((part.match(/\p{Nd}/gu)?.length ?? 0) < 10) continue;
    for (const digits of personalNumbersIn(part)) found.add(digits);
  }
  return found;
}

/** The ten-digit form of a number (12 digits lose their century), for comparing. */
const tenDigits = (digits: string) => (digits.length === 12 ? digits.slice(2) : digits);

/** Which of `numbers` (any spelling; compared by their ten digits) the bytes hold. */
export function numbersHeld(bytes: Buffer, numbers: readonly string[]): string[] {
  const wanted = new Map(numbers.map((n) => [tenDigits(n.replace(/\D/g, '')), n]));
  const held = new Set<string>();
  for (const view of textViews(bytes)) {
    for (const digits of numbersInLongText(view)) {
      const n = wanted.get(tenDigits(digits));
      if (n) held.add(n);
    }
    // Glued to other digits (no separator), the rule does not look inside a run; a plain search does.
    for (const [ten, n] of wanted) if (view.includes(ten)) held.add(n);
  }
  return [...held];
}

export interface Finding {
  file: string;
  numbers: string[];
}

/** Every file under the folders that holds one of the numbers, and how many files were read. */
export function scanForNumbers(dirs: string[], numbers: readonly string[]): { findings: Finding[]; scanned: string[] } {
  const scanned = filesUnder(...dirs);
  const findings: Finding[] = [];
  for (const file of scanned) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // removed while we walked (a browser's lock or journal file)
    }
    const held = numbersHeld(bytes, numbers);
    if (held.length > 0) findings.push({ file, numbers: held });
  }
  return { findings, scanned };
}
