import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

/**
 * The renderer is served from a privileged custom scheme, app://lucka/, not from file://.
 * Electron's security checklist (
 * docs/tutorial/security.md, item 18, "Avoid usage of the file:// protocol and prefer usage
 * of custom protocols"): on a file:// page `'self'` in the CSP matches every
 * file: URL, and a file URL's spelling depends on the path it was launched from (Chromium
 * writes a Windows drive letter in upper case, Node's pathToFileURL keeps it as given, and
 * `%` is escaped differently), which broke the IPC sender check. Here the origin is one
 * fixed string whatever the install path. Registered in main.ts with
 * protocol.registerSchemesAsPrivileged (before 'ready') and protocol.handle.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lucka';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads (a window's role picks its route in the hash). */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged (docs/api/structures/custom-scheme.md). */
export const APP_SCHEME_PRIVILEGES = {
  // A standard scheme has an origin and resolves relative URLs as http does.
  standard: true,
  // Counts as a secure context, as https does.
  secure: true,
  supportFetchAPI: true,
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

function status(code: number): Response {
  return new Response(null, { status: code, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
}

/** The file under `rootDir` that an app:// URL names, or null (another host, a path outside, a malformed escape). */
export function appUrlToFile(url: string, rootDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(join(root, path));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}

/**
 * protocol.handle's handler for app://: the built renderer's files, each with the
 * app's CSP header; nothing outside `rootDir`, only GET and HEAD.
 */
export async function serveAppFile(request: Pick<Request, 'url' | 'method'>, rootDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
  const file = appUrlToFile(request.url, rootDir);
  if (!file) return status(404);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return status(404);
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
