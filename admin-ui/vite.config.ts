import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const packages = (names: string[]) => new RegExp(`[\\\\/]node_modules[\\\\/](?:${names.join('|')})[\\\\/]`);

// The console is served by the API in production (same origin, cookie session); in development
// vite proxies /api to the API so the cookie and CSRF flow are the same.
export default defineConfig({
  plugins: [react()],
  // `npm start` builds on a first start: only what needs a look.
  logLevel: 'warn',
  resolve: {
    alias: {
      // node-polyglot's polyfill pulls in a dozen es-shims packages (about 8 kB compressed at sign-in).
      'object.entries': fileURLToPath(new URL('./shims/object-entries.cjs', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The first vendor chunk below is one long-lived download of about 220 kB compressed (860 kB raw).
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Libraries in chunks of their own, so a change to the console's code leaves their URLs
          // (and the browser's immutable cache of them) as they were; few and large, because
          // brotli packs one large file far better than many small ones.
          groups: [
            // React, react-admin, MUI and the rest, as much as the sign-in page needs.
            { name: 'react-admin', test: packages(['.+']), tags: ['$initial'], priority: 2 },
            // What most pages share once signed in: lists, tables, dialogs, forms' machinery.
            { name: 'react-admin-pages', test: packages(['.+']), minShareCount: 20, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
