import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The renderer (React) build. Its output, dist/renderer, is served by the host's HTTP server
 * (browser displays, `serve`) and by Electron's app:// scheme. In `vite dev`, /api (WebSocket)
 * and /healthz are proxied to a host started with `ioc-wall serve --port 8080`.
 */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Leaflet + Chart.js + React are one wall app; a single chunk over 500 kB is expected.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/healthz': { target: 'http://127.0.0.1:8080' },
    },
  },
});
