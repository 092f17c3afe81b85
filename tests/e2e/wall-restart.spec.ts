// A wall machine's restart, and what its first start must not carry. Real `ioc-wall serve`,
// real Chromium on real profile directories (bench/warm-profile.ts, which the full-wall-paint
// bench's restart series uses).
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { recordProfile, removeProfile, restartRun } from '../../bench/warm-profile';
import { serve, type Served } from './serve';

const VIEWPORT = { width: 960, height: 540 };
const READY = '[data-wall-ready="true"]';

/** Every file of a directory tree with its size and modification time. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const f = join(d.parentPath, d.name);
      const s = statSync(f);
      return `${f.slice(dir.length)} ${s.size} ${s.mtimeMs}`;
    })
    .sort();
}

let host: Served;
test.beforeAll(async () => {
  host = await serve();
});
test.afterAll(async () => {
  await host.close();
});

test('a cold wall registers the shell\'s service worker only after its first frame, and still gets it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    // When the page registers its worker, and when the wall first reports ready, on its clock.
    await context.addInitScript(`(() => {
      const sw = navigator.serviceWorker;
      if (sw) {
        const register = sw.register.bind(sw);
        sw.register = (...args) => { window.__registeredAt ??= performance.now(); return register(...args); };
      }
      new MutationObserver(() => {
        if (window.__readyAt === undefined && document.querySelector('[data-wall-ready="true"]')) window.__readyAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-wall-ready'] });
    })();`);
    const page = await context.newPage();
    await page.goto(host.wallUrl('d1'));
    await expect(page.locator(`.wall-root${READY}`)).toHaveCount(1);
    // The worker is there for the next start (offline included), installed after the frame.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
    const at = await page.evaluate(() => ({ ready: (window as unknown as { __readyAt?: number }).__readyAt, registered: (window as unknown as { __registeredAt?: number }).__registeredAt }));
    expect(at.ready).toBeGreaterThan(0);
    expect(at.registered).toBeGreaterThanOrEqual(at.ready!);
  } finally {
    await context.close();
  }
});

test('a restart on the profile an earlier run left paints both displays with the app from that profile', async () => {
  const urls = [host.wallUrl('d1'), host.wallUrl('d2')];
  const profile = await recordProfile(urls, { viewport: VIEWPORT, readySelector: READY });
  try {
    const before = listing(profile);
    const seen: { controlled: boolean; assets: number; fromNetwork: string[] }[] = [];
    const inspect = async (pages: Page[]) => {
      for (const p of pages) {
        seen.push(
          await p.evaluate(() => {
            const assets = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.name.includes('/assets/'));
            return {
              controlled: !!navigator.serviceWorker.controller,
              assets: assets.length,
              // transferSize 0: from the worker's cache or the HTTP cache, nothing over the wire.
              fromNetwork: assets.filter((r) => r.transferSize > 0).map((r) => r.name),
            };
          }),
        );
      }
    };
    for (let i = 0; i < 2; i++) {
      const r = await restartRun(profile, urls, { viewport: VIEWPORT, readySelector: READY }, inspect);
      expect(r.perPage).toHaveLength(2);
      expect(r.ms).toBe(Math.max(...r.perPage));
      expect(r.liveMs).toBeGreaterThanOrEqual(r.ms);
    }
    expect(seen).toHaveLength(4);
    for (const s of seen) {
      expect(s.controlled).toBe(true);
      expect(s.assets).toBeGreaterThan(10);
      expect(s.fromNetwork).toEqual([]);
    }
    // Every restart ran on its own copy: the earlier run's profile is as it was.
    expect(listing(profile)).toEqual(before);
  } finally {
    removeProfile(profile);
  }
});
