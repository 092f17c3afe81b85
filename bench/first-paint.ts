// Whether a wall page's first paint was the frame the host drew into it (host/server/first-frame.ts),
// and when: the full-wall bench's cold and restart series time a display "live" by it. An init
// script, set before the page's own HTML is parsed, notes the page's first contentful paint and
// whether #first-frame was in the page then (the frame is sent only with every tile's data).
import type { BrowserContext, Page } from '@playwright/test';

const PROBE = `new PerformanceObserver((list, obs) => {
  const e = list.getEntriesByName('first-contentful-paint')[0];
  if (!e) return;
  window.__firstPaint = { at: performance.timeOrigin + e.startTime, framed: !!document.getElementById('first-frame') };
  obs.disconnect();
}).observe({ type: 'paint', buffered: true });`;

/** Every page of `context` carries the probe from its next navigation on. */
export async function probeFirstPaint(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE);
}

/**
 * When the page first showed live figures, in ms after `t0Epoch` (Date.now() when the run began):
 * its first paint when that was the host's frame, else `readyMs` (its own canvas painted). Both
 * on the machine's wall clock, read at the run's start and at the page's navigation (its
 * timeOrigin): a clock slewed over a long bench moves neither.
 */
export async function liveFrom(page: Page, t0Epoch: number, readyMs: number): Promise<{ ms: number; framed: boolean }> {
  const p = await page.evaluate(() => (window as unknown as { __firstPaint?: { at: number; framed: boolean } }).__firstPaint ?? null);
  if (!p?.framed) return { ms: readyMs, framed: false };
  return { ms: p.at - t0Epoch, framed: true };
}
