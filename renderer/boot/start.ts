/**
 * The page's start, before React and the rest of the app have loaded (renderer/main.tsx runs it,
 * then imports ./mount.tsx). It makes the page's one HostClient and query cache and wires them
 * (host events invalidate queries), so the connection to the host opens while the page's code
 * downloads. A wall display also asks for everything its first frame needs (wall/prefetch.ts)
 * and starts reading its offline cache (wall/cache): by the time the panels mount their data is
 * usually there. Same channel and credential as before: the preload bridge in the desktop app,
 * the WebSocket with the page's token in a browser.
 *
 * Nothing here imports React, react-dom, i18n or the panels: this is the page's first chunk.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { HostClient } from '../../host/api/client/HostClient';
import { createHostClient } from '../client/create';
import { wireInvalidation } from '../client/invalidation';
import { makeQueryClient } from '../client/query-client';
import type { Route } from '../router';
import { hydrateWall, openWallCache, type WallCache } from '../wall/cache/wall-cache';
import { resolveDisplayId } from '../wall/display-id';
import { prefetchWall } from '../wall/prefetch';
import { preloadPanels } from '../panels/registry';

export interface StartedPage {
  client: HostClient;
  qc: QueryClient;
  /** A wall display's offline cache, opened at start (null on other routes). */
  wallCache: WallCache | null;
  /**
   * Settles when the app may load: a wall display's first-frame requests are on the wire, the
   * host is found unreachable, or FIRST_FRAME_WAIT_MS have passed. Loading the app keeps the
   * main thread busy for hundreds of ms (compiling, running React, the panels); the socket's
   * open event and the layout's answer, which the requests wait for, would wait behind it.
   */
  asked: Promise<void>;
}

/**
 * At most this long the app waits for the first frame's requests to leave: a LAN host answers
 * in a few ms; one that does not answer must not hold back painting from the offline cache.
 */
export const FIRST_FRAME_WAIT_MS = 400;

export function startPage(route: Route): StartedPage {
  const client = createHostClient();
  const qc = makeQueryClient();
  // For the page's life: the page is the client's and the cache's only user.
  wireInvalidation(client, qc);
  if (route.name !== 'wall') return { client, qc, wallCache: null, asked: Promise.resolve() };
  const displayId = resolveDisplayId(route.displayId);
  // The last answers this display showed, read while the live ones are asked for: the first
  // frame is painted from whichever arrives first, live data replaces cached data.
  const wallCache = openWallCache(qc, displayId);
  const prefetch = prefetchWall(client, qc, displayId);
  void wallCache.snapshot.then((snap) => {
    if (!snap) return;
    const active = hydrateWall(qc, snap);
    void preloadPanels(active?.layout?.tiles.map((t) => t.panel) ?? []);
  });
  const asked = new Promise<void>((done) => {
    const offState = client.onState((s) => s === 'down' && finish());
    const timer = setTimeout(finish, FIRST_FRAME_WAIT_MS);
    void prefetch.asked.then(finish);
    function finish() {
      offState();
      clearTimeout(timer);
      done();
    }
  });
  return { client, qc, wallCache, asked };
}
