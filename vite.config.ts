import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { serviceWorkerPlugin } from './tools/build/service-worker-plugin.ts';
import { wallChunk, wallChunkBanner } from './tools/build/wall-chunk.ts';
import { thirdPartyNoticesPlugin } from './tools/build/third-party-notices.ts';

/**
 * The renderer (React) build. Its output, dist/renderer, is served by the host's HTTP server
 * (browser displays, `serve`) and by Electron's app:// scheme. In `vite dev`, /api (WebSocket)
 * and /healthz are proxied to a host started with `ioc-wall serve --port 8080`.
 */
const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [
    react(),
    {
      // scripts/build.mjs calls vite's build() with the repo as inline `root`, which would win
      // over the `root` above; a plugin's config hook runs after that merge and puts it back.
      name: 'ioc-wall-renderer-root',
      config: () => ({ root: rendererRoot, build: { outDir } }),
    },
    // dist/renderer/third-party-notices.json: every shipped package's licence ("Giới thiệu").
    thirdPartyNoticesPlugin(fileURLToPath(new URL('.', import.meta.url))),
    // dist/renderer/sw.js: the app shell offline for browser display nodes (renderer/sw).
    serviceWorkerPlugin(fileURLToPath(new URL('./renderer/sw/sw.ts', import.meta.url))),
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Leaflet + Chart.js + React are one wall app; a single chunk over 500 kB is expected.
    chunkSizeWarningLimit: 1500,
    // .vite/manifest.json: the host preloads the wall's chunks from it (host/server/wall-preload.ts).
    manifest: true,
    // The wall in one chunk, not dozens of small ones (tools/build/wall-chunk.ts). Without its
    // dependencies: those of the entry stay in the entry's chunks. Its compile hint goes in
    // after minifying (postBanner), which would drop it as an ordinary comment.
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: wallChunk(), debugName: 'wall', includeDependenciesRecursively: false }] },
        postBanner: wallChunkBanner,
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/healthz': { target: 'http://127.0.0.1:8080' },
    },
  },
});
