/** Agency sites an officer may open in the system browser (exact https origins). */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://www.skatteverket.se',
  'https://skatteverket.se',
  'https://www.forsakringskassan.se',
  'https://www.pensionsmyndigheten.se',
  'https://arbetsformedlingen.se',
  'https://www.arbetsformedlingen.se',
  'https://www.migrationsverket.se',
  'https://www.statenssc.se',
];

export function isAllowedExternalUrl(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // No credentials (https://www.skatteverket.se@evil.example), no odd ports, https only.
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return EXTERNAL_ORIGINS.includes(url.origin);
}
