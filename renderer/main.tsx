/**
 * Renderer entry. Order matters: the host token is taken out of the address bar before
 * anything else runs, i18n is initialised before the first render, then React mounts.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme.css';
import 'leaflet/dist/leaflet.css';
import './i18n';
import { captureToken } from './client/token';
import { Providers } from './client/Providers';
import { App } from './App';

captureToken();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
