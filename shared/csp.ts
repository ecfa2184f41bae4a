/**
 * The one Content-Security-Policy for every host: nothing but the app's own files;
 * no inline script, no eval, no plugins, no framing.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** As an HTTP header (Electron session, preview server). */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** As a <meta> tag in index.html, where frame-ancestors is not allowed. */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');
