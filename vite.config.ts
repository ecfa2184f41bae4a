import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './shared/csp.ts';

/** Writes the shared CSP into index.html, so file:// loads in Electron are covered too. */
const cspMeta: Plugin = {
  name: 'lucka-csp-meta',
  transformIndexHtml: (html) => html.replace('%LUCKA_CSP%', CONTENT_SECURITY_POLICY_META),
};

// The renderer: built to build/renderer with relative URLs, so Electron can load it
// from a file and the preview server from any loopback port.
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
