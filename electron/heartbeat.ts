import type { App, Screen } from 'electron';
import type { HostClient } from '../host/api/client/HostClient';
import type { NodeHeartbeat } from '../host/api/contract';
import { sampleMemory, type MemoryGuardReport, type MemorySample } from './memory-guard';
import type { Managed } from './windows';

/**
 * The node's health, sent by main every 10 s (node.heartbeat, kind 'desktop'): what it runs,
 * its OS displays, which wall displays it shows, how long it has been up, its memory, how often
 * its renderers died, when a page last loaded and how far the host is. One beat at a time and
 * none while the connection is down: a queued beat would be stale, and an outage of hours
 * must not leave hundreds of them to send on reconnect. The memory guard is fed by the same
 * interval, connected or not: a node whose host is away still grows.
 */

export const HEARTBEAT_MS = 10_000;

export interface HeartbeatSource {
  version: string;
  screen: Pick<Screen, 'getAllDisplays'>;
  app: Pick<App, 'getAppMetrics'>;
  windows: { list(): Managed[]; lastPaintAt(): string | null; watchdog: { crashes: number } };
  /** A downloaded update waiting to be installed (the updater fills it), by version. */
  pendingUpdate?: () => string | null;
  uptimeSec?: () => number;
  /** This PC's clock (ms), the one the windows' paint times are read by: Date.now unless a test sets it. */
  clock?: () => number;
  /** The memory guard (memory-guard.ts): given each interval's sample, reported in every beat. */
  memoryGuard?: { observe(sample: MemorySample): void; report(): MemoryGuardReport };
}

export function collectHeartbeat(src: HeartbeatSource, rttMs: number | null, sample?: MemorySample): NodeHeartbeat {
  const displays = src.screen.getAllDisplays().map((d) => {
    const scale = (d as { scaleFactor?: number }).scaleFactor ?? 1;
    return {
      id: String(d.id),
      label: (d.label ?? '').slice(0, 128),
      // Pixels of the panel, not layout units: what the installer compares with the wall's config.
      width: Math.round(d.bounds.width * scale),
      height: Math.round(d.bounds.height * scale),
    };
  });
  const showing = src.windows
    .list()
    .filter((m) => m.plan.kind === 'wall' && m.plan.displayId)
    .map((m) => m.plan.displayId!)
    .sort();
  // Every process of the app (main, GPU, each renderer) counts.
  const memory = sample ?? sampleMemory(src.app.getAppMetrics());
  return {
    version: src.version,
    kind: 'desktop',
    displays: displays.slice(0, 32),
    showing: showing.slice(0, 32),
    uptimeSec: Math.round(src.uptimeSec?.() ?? process.uptime()),
    memoryMB: memory.totalMB,
    rendererCrashes: src.windows.watchdog.crashes,
    // By this PC's clock, as clockAt below: the host moves it to its own clock at receipt
    // (host/room/nodes.ts onHostClock), being the one that knows how far this clock is off.
    lastPaintAt: src.windows.lastPaintAt(),
    rttMs,
    pendingUpdate: src.pendingUpdate?.() ?? null,
    // This PC's own clock: the host names a node whose clock is off.
    clockAt: new Date(src.clock?.() ?? Date.now()).toISOString(),
    ...(src.memoryGuard ? { memoryGuard: src.memoryGuard.report() } : {}),
  };
}

export interface Heartbeat {
  /** Sends one beat now (unless one is on its way or the host is unreachable). */
  beat(): Promise<void>;
  /** The round trip of the last answered beat, reported in the next one. */
  readonly rttMs: number | null;
  stop(): void;
}

export function startHeartbeat(
  client: Pick<HostClient, 'call' | 'state'>,
  src: HeartbeatSource,
  opts: {
    intervalMs?: number;
    now?: () => number;
    setInterval?: (fn: () => void, ms: number) => unknown;
    clearInterval?: (t: unknown) => void;
    log?: (msg: string) => void;
  } = {},
): Heartbeat {
  const now = opts.now ?? (() => performance.now());
  const log = opts.log ?? console.warn;
  let rttMs: number | null = null;
  let inFlight = false;
  let stopped = false;
  const beat = async (sample?: MemorySample) => {
    if (stopped || inFlight || client.state !== 'up') return;
    inFlight = true;
    const t0 = now();
    try {
      await client.call('node.heartbeat', collectHeartbeat(src, rttMs, sample));
      rttMs = Math.max(0, Math.round((now() - t0) * 10) / 10);
    } catch (err) {
      log(`[electron] heartbeat refused: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      inFlight = false;
    }
  };
  const every = opts.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const clear = opts.clearInterval ?? ((t: unknown) => clearInterval(t as ReturnType<typeof setInterval>));
  // One sample per interval serves the guard and the beat; the guard's count of consecutive
  // samples assumes this regular pace, so beats sent on reconnection do not feed it.
  const tick = () => {
    if (stopped) return;
    let sample: MemorySample | undefined;
    if (src.memoryGuard) {
      try {
        sample = sampleMemory(src.app.getAppMetrics());
        src.memoryGuard.observe(sample);
      } catch (err) {
        log(`[electron] memory guard: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    void beat(sample);
  };
  const timer = every(tick, opts.intervalMs ?? HEARTBEAT_MS);
  (timer as { unref?: () => void }).unref?.();
  return {
    beat: () => beat(),
    get rttMs() {
      return rttMs;
    },
    stop() {
      stopped = true;
      clear(timer);
    },
  };
}
