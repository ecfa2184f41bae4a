import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './shared/csp.ts';

/**
 * index.html carries the CSP as a literal <meta> tag (besides the header app://lucka/ and the
 * preview send, so a reader or a scanner sees the policy where it applies); the build fails
 * when it differs from shared/csp.ts, the one policy every host sends.
 */
const cspMeta: Plugin = {
  name: 'lucka-csp-meta',
  transformIndexHtml(html) {
    const tag = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`;
    if (!html.includes(tag)) {
      throw new Error(`renderer/index.html: the CSP <meta> tag must read exactly (as shared/csp.ts):\n${tag}`);
    }
    return html;
  },
};

// The renderer: built to build/renderer with relative URLs, so Electron can serve it from
// app://lucka/ and the preview server from any loopback port.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta],
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
});
