/**
 * A browser page opened with a node credential (a wall display, a kiosk or a console on a PC
 * without the desktop app) is that node to the host: it reports its health every 10 s and
 * answers the console's commands (identify, reload, screenshot). Pages opened with the host's
 * own token (admin) and the desktop app's windows (main reports for the machine) do neither.
 */
import { useEffect, useState } from 'react';
import type { HostClient } from '../../host/api/client/HostClient';
import type { SessionIdentity } from '../../host/api/contract';
import { useHostClient } from '../client/context';
import { hostNow } from '../client/host-clock';
import { IDENTIFY_FOR_MS, IdentifyOverlay } from '../components/IdentifyOverlay';
import type { Route } from '../router';
import { BROWSER_CANNOT_SCREENSHOT, browserHeartbeat, HEARTBEAT_EVERY_MS, pageDisplayId } from './heartbeat';

interface PerformanceMemory {
  memory?: { usedJSHeapSize?: number };
}

/** Beats until the returned stop is called; at most one heartbeat is ever waiting for an answer. */
export function startBrowserHeartbeat(client: HostClient, route: Route): () => void {
  let version: string | null = null;
  let inFlight = false;
  let rttMs: number | null = null;
  let lastPaintAt: string | null = null;
  let stopped = false;
  // A frame callback runs only when the page paints (never in a hidden or frozen tab), so its
  // time is the page's last paint as the installer cares about it. Waiting for one at most a
  // second keeps a hidden page beating, with its older last paint.
  const paint = () =>
    new Promise<void>((done) => {
      const timer = window.setTimeout(done, 1000);
      requestAnimationFrame(() => {
        // By the host's clock: the host compares it with its own (client/host-clock.ts).
        lastPaintAt = hostNow().toISOString();
        window.clearTimeout(timer);
        done();
      });
    });
  const beat = async () => {
    // While the host is away the one unanswered heartbeat waits in HostClient and goes out on
    // reconnect; more would pile up there for nothing.
    if (inFlight || stopped) return;
    inFlight = true;
    try {
      version ??= (await client.call('host.info', {})).version;
      await paint();
      const hb = browserHeartbeat({
        route,
        version,
        screen: { width: screen.width, height: screen.height },
        devicePixelRatio: window.devicePixelRatio || 1,
        sinceLoadMs: performance.now(),
        usedHeapBytes: (performance as Performance & PerformanceMemory).memory?.usedJSHeapSize,
        lastPaintAt,
        rttMs,
        clockAt: new Date().toISOString(),
      });
      const wasUp = client.state === 'up';
      const t0 = performance.now();
      await client.call('node.heartbeat', hb);
      // A heartbeat that waited out a disconnect measured the outage, not the round trip.
      rttMs = wasUp && client.state === 'up' ? performance.now() - t0 : null;
    } catch (err) {
      console.warn('[node] heartbeat failed:', err);
    } finally {
      inFlight = false;
    }
  };
  void beat();
  const timer = window.setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
}

export function BrowserNode({ route: given }: { route: Route }) {
  const client = useHostClient();
  // A page's route never changes (navigation is a full load): keep the first, so a parent's
  // re-render with an equal but new route object does not restart the heartbeat.
  const [route] = useState(given);
  const [me, setMe] = useState<SessionIdentity | null>(null);
  const [identifyUntil, setIdentifyUntil] = useState(0);

  useEffect(() => {
    if (window.iocHost) return; // the desktop app: main is the node and reports for the machine
    let live = true;
    client.call('session.whoami', {}).then(
      (who) => live && setMe(who),
      (err: unknown) => console.warn('[node] session.whoami failed:', err),
    );
    return () => void (live = false);
  }, [client]);

  const nodeId = me?.nodeId ?? null;
  useEffect(() => (nodeId ? startBrowserHeartbeat(client, route) : undefined), [client, nodeId, route]);
  useEffect(() => {
    if (!nodeId) return; // admin pages are no node: they do not listen for node commands
    return client.on('node.command', (c) => {
      if (c.nodeId !== nodeId) return;
      if (c.command === 'identify') setIdentifyUntil(Date.now() + IDENTIFY_FOR_MS);
      else if (c.command === 'reload') location.reload();
      else if (c.command === 'screenshot') {
        client.call('node.reply', { requestId: c.requestId, error: BROWSER_CANNOT_SCREENSHOT }).catch((err: unknown) => {
          console.warn('[node] node.reply failed:', err);
        });
      }
    });
  }, [client, nodeId]);

  if (!me?.nodeId || identifyUntil === 0) return null;
  const displayId = route.name === 'wall' ? (route.displayId ?? 'd1') : pageDisplayId(route);
  return <IdentifyOverlay displayId={displayId} nodeName={me.name} until={identifyUntil} />;
}
