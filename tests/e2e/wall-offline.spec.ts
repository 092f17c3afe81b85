// A browser wall node without its host: the wall's offline cache (IndexedDB, renderer/wall/cache)
// and the shell's service worker (renderer/sw). Real `ioc-wall serve`, real Chromium; the host is
// stopped for real. The LAN version (namespaces, TLS, the host coming back) is
// tests/integration/lan-netns.test.ts.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, type Served } from './serve';

const ART = resolve(import.meta.dirname, '../../artifacts/wall-offline');

/** This display's cache: the index, and every entry key the store holds for it. */
function cacheOf(page: Page, displayId: string) {
  return page.evaluate(
    (d) =>
      new Promise<{ layoutId: string | null; hashes: string[]; entryKeys: string[] } | null>((ok, fail) => {
        const open = indexedDB.open('ioc-wall-cache');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('wall')) return ok(null);
          const store = db.transaction('wall').objectStore('wall');
          const idx = store.get(`${d}|index`);
          const keys = store.getAllKeys();
          keys.onsuccess = () => {
            const i = idx.result as { layoutId: string | null; hashes: string[] } | undefined;
            const entryKeys = (keys.result as string[]).filter((k) => k.startsWith(`${d}|q|`)).map((k) => k.slice(`${d}|q|`.length));
            ok(i ? { layoutId: i.layoutId, hashes: i.hashes, entryKeys } : null);
          };
        };
      }),
    displayId,
  );
}

const shown = '.wall-canvas:not(.wall-canvas--hidden)';
const panelsOf = (page: Page) => page.locator(`${shown} .tile`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tileId));

test('a wall keeps its frame when the host goes, and a reload paints the last wall from the cache', async ({ page }) => {
  mkdirSync(ART, { recursive: true });
  let host: Served | null = await serve();
  try {
    await page.goto(host.wallUrl('d1'));
    await expect(page.locator('.wall-root[data-wall-ready="true"]')).toHaveCount(1);
    expect(page.url()).not.toContain('token=');
    const first = (await page.locator('.wall-root').getAttribute('data-layout-id'))!;
    await expect.poll(async () => (await cacheOf(page, 'd1'))?.layoutId, { timeout: 10_000 }).toBe(first);

    // Another layout: its answers are kept, the first one's pruned (bounded to what is shown).
    const next = first === 'emergency' ? 'traffic-order' : 'emergency';
    await host.call('preset.activate', { id: next });
    await expect(page.locator(`.wall-root[data-layout-id="${next}"][data-wall-ready="true"]`)).toHaveCount(1);
    await expect
      .poll(async () => {
        const c = await cacheOf(page, 'd1');
        return c && c.layoutId === next && [...c.entryKeys].sort().join() === [...c.hashes].sort().join() && c.hashes.length > 2;
      }, { timeout: 10_000 })
      .toBe(true);
    const cached = (await cacheOf(page, 'd1'))!;
    // The answers the wall's view queries gave are there, and no view of a domain not on screen.
    const domainsShown = await page.locator(`${shown} .tile`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.panel));
    const viewDomains = cached.hashes.filter((h) => h.startsWith('["view"')).map((h) => (JSON.parse(h) as string[])[1]);
    expect(viewDomains.length).toBeGreaterThan(0);
    if (!domainsShown.includes('alerts')) for (const d of viewDomains) expect(domainsShown).toContain(d);
    expect(cached.hashes).toContain(JSON.stringify(['host', 'layout.active', {}]));

    // The shell's service worker controls the page; nothing it keeps carries the token.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
    const urls = await page.evaluate(async () => {
      const all: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) all.push(r.url);
      return all;
    });
    expect(urls.some((u) => u.endsWith('/index.html'))).toBe(true);
    expect(urls.filter((u) => u.includes('token'))).toEqual([]);

    const tiles = await panelsOf(page);
    await host.close();
    host = null;

    // Host gone: the frame stays, the banner says so.
    const banner = page.locator('[data-conn="down"]');
    await expect(banner).toContainText('Mất kết nối tới máy chủ');
    await expect(page.locator(`.wall-root[data-layout-id="${next}"][data-wall-ready="true"]`)).toHaveCount(1);
    await page.screenshot({ path: join(ART, 'host-gone.png') });

    // A reload while the host is down (a rebooted node): the shell from the service worker,
    // the last wall from IndexedDB, with the banner.
    await page.reload();
    await expect(page.locator(`.wall-root[data-layout-id="${next}"][data-wall-ready="true"]`)).toHaveCount(1);
    expect(await panelsOf(page)).toEqual(tiles);
    await expect(banner).toContainText('Mất kết nối tới máy chủ');
    // Every domain panel still shows its data's age, from the cached freshness list.
    const panels = page.locator(`${shown} .panel[data-domain]`);
    expect(await panels.count()).toBeGreaterThan(0);
    for (const foot of await panels.locator('.panel__foot').all()) {
      await expect(foot).toHaveAttribute('data-freshness', /^\d{4}-\d\d-\d\dT/);
      await expect(foot).toContainText('cập nhật');
    }
    await page.screenshot({ path: join(ART, 'reloaded-from-cache.png') });
  } finally {
    await host?.close();
  }
});
