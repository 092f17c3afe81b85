/**
 * Renderer entry. Order matters: the host token is taken out of the address bar before
 * anything else runs, i18n is initialised before the first render, then React mounts.
 */
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
// Leaflet's stylesheet first: the theme overrides its light defaults (background, tooltips).
import 'leaflet/dist/leaflet.css';
import './theme.css';
import './i18n';
import { captureToken } from './client/token';
import { Providers } from './client/Providers';
import { App } from './App';
import { registerServiceWorker } from './sw/register';

// No eval: the desktop app's CSP (electron/security.ts) forbids it, and zod's eval probe would
// report a violation on every page (tests/e2e/electron-csp.spec.ts).
z.config({ jitless: true });
captureToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
// The built app only: Vite's dev server serves modules no service worker should keep.
if (import.meta.env.PROD) registerServiceWorker();
