/**
 * The app itself, loaded by renderer/main.tsx once the page's start (./start.ts) has opened
 * the connection and asked for the first frame's data. i18n is initialised before the first
 * render, then React mounts on the client and query cache made at start.
 */
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
// Leaflet's stylesheet first: the theme overrides its light defaults (background, tooltips).
import 'leaflet/dist/leaflet.css';
import '../theme.css';
import '../i18n';
import { Providers } from '../client/Providers';
import { App } from '../App';
import type { Route } from '../router';
import { registerServiceWorker } from '../sw/register';
import { wallPainted } from '../sw/wall-painted';
import type { StartedPage } from './start';

export function mount(route: Route, started: StartedPage): void {
  // No eval: the desktop app's CSP (electron/security.ts) forbids it, and zod's eval probe would
  // report a violation on every page (tests/e2e/electron-csp.spec.ts).
  z.config({ jitless: true });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers started={started}>
        <App route={route} wallCache={started.wallCache} />
      </Providers>
    </StrictMode>,
  );
  // The built app only: Vite's dev server serves modules no service worker should keep.
  if (import.meta.env.PROD) registerServiceWorker(route.name === 'wall' ? () => wallPainted() : undefined);
}
