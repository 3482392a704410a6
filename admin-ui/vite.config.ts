import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by the API in production (same origin, cookie session); in development
// vite proxies /api to the API so the cookie and CSRF flow are the same.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
