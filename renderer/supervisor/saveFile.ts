import type { StatsExportFile } from '../../shared/api';

/**
 * Hands an export to the user as a download: the browser saves it (preview), Electron
 * asks where with its save dialog (it does so for every download the app does not steer).
 */
export function saveFile(file: StatsExportFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
