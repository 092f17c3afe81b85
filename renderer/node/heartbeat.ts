/**
 * What a browser page that runs with a node credential reports about itself every 10 s
 * (node.heartbeat). Pure: the page's facts come in, the heartbeat goes out, so the rules
 * (which display, which memory figure, rounding) are tested without a browser.
 */
import type { NodeHeartbeat } from '../../host/api/contract';
import type { Route } from '../router';

export const HEARTBEAT_EVERY_MS = 10_000;

export interface PageFacts {
  route: Route;
  /** The code version the page was loaded with (host.info when it started). */
  version: string;
  screen: { width: number; height: number };
  devicePixelRatio: number;
  /** performance.now(): milliseconds since the page started loading. */
  sinceLoadMs: number;
  /** performance.memory.usedJSHeapSize where the browser has it (Chromium), else undefined. */
  usedHeapBytes: number | undefined;
  lastPaintAt: string | null;
  rttMs: number | null;
  /** The page's own clock now (not the host's): the host tells the console when it is off. */
  clockAt: string;
}

/** The page's display as the node's: one per page, named by what the page is. */
export function pageDisplayId(route: Route): string {
  if (route.name === 'wall') return `wall/${route.displayId ?? 'd1'}`;
  return route.name;
}

export function browserHeartbeat(f: PageFacts): NodeHeartbeat {
  const width = Math.round(f.screen.width * f.devicePixelRatio);
  const height = Math.round(f.screen.height * f.devicePixelRatio);
  return {
    version: f.version.slice(0, 64),
    kind: 'browser',
    displays: [{ id: pageDisplayId(f.route).slice(0, 64), label: `${width}×${height}`, width, height }],
    showing: f.route.name === 'wall' ? [(f.route.displayId ?? 'd1').slice(0, 64)] : [],
    uptimeSec: Math.max(0, Math.round(f.sinceLoadMs / 1000)),
    memoryMB: f.usedHeapBytes ? Math.round((f.usedHeapBytes / 1024 / 1024) * 10) / 10 : 0,
    // A browser tab cannot see its own renderer crash: after one there is no page left to count it.
    rendererCrashes: 0,
    lastPaintAt: f.lastPaintAt,
    rttMs: f.rttMs === null ? null : Math.max(0, Math.round(f.rttMs)),
    pendingUpdate: null,
    clockAt: f.clockAt.slice(0, 40),
  };
}

/** The answer a browser page gives to node.screenshot: a page cannot capture its own screen. */
export const BROWSER_CANNOT_SCREENSHOT = 'trình duyệt không tự chụp được màn hình / a browser page cannot capture itself';
