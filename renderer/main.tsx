/**
 * Renderer entry, small on purpose. Order matters: the host token is taken out of the address
 * bar before anything else runs; then the page's start (boot/start.ts) opens the connection to
 * the host and, on a wall display, asks for the first frame's data; once those requests are on
 * the wire (and a frame the host drew into the page is painted: wall/first-frame.ts) the app
 * (React, i18n, the pages: boot/mount.tsx) is run and mounted. The host names the app's chunks
 * in the wall's shell (host/server/wall-preload.ts), so they download beside this one.
 */
import { captureToken } from './client/token';
import { parseRoute } from './router';
import { startPage } from './boot/start';
import { firstFramePainted } from './wall/first-frame';

captureToken();
const route = parseRoute(location);
const started = startPage(route);
// Its chunks download meanwhile (the wall's shell preloads them); only running them waits, and
// on a wall page with a frame the host drew, until that frame is on the screen.
Promise.all([started.asked, firstFramePainted()])
  .then(() => import('./boot/mount'))
  .then(
    (m) => m.mount(route, started),
    (err: unknown) => console.error('[ioc-wall] the app could not be loaded', err),
  );
