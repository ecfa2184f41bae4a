/**
 * Text a device chose (its name) is shown to the admin in a terminal. Control characters
 * (C0, DEL, C1: tabs, newlines, ANSI escapes), format characters (bidirectional overrides,
 * zero-width), lone surrogates, private-use and unassigned code points, and separators other
 * than the plain space could forge rows, move the cursor or reorder what is shown.
 */
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;
const NOT_PRINTABLE_ALL = new RegExp(NOT_PRINTABLE.source, 'gu');

/** A device name: printable characters and plain spaces only. */
export function isPrintableName(text: string): boolean {
  return !NOT_PRINTABLE.test(text);
}

/** What the admin CLI prints of any stored text: each non-printable character as \u{…}, tabs included. */
export function escapeForTerminal(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text.replace(NOT_PRINTABLE_ALL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
