import type { StatsBundleFile } from '../../shared/api';

/**
 * Hands a small file the backend answered with (the offline statistics file) to the user
 * as a download: the browser saves it (preview), Electron asks where with its save dialog.
 * Statistics exports do not come this way: the backend writes them to disk and the
 * bridge's saveExport hands them over (shared/api.ts, LuckaBridge).
 */
export function saveFile(file: Pick<StatsBundleFile, 'fileName' | 'mimeType' | 'base64'>): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
