import type { Page } from '@playwright/test';

/**
 * Holds the wall route's code back until the returned function is called (the build's `wall`
 * chunk, tools/build/wall-chunk.ts; a WallPage chunk where a build splits the route apart):
 * whatever a wall page asks for meanwhile, its start (renderer/boot, renderer/wall/prefetch.ts)
 * asked, before the wall's code ran.
 */
export async function holdWallCode(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/(?:wall|WallPage)-[^/]+\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
