import { mkdirSync } from 'node:fs';
import { expect, type Browser, type Page } from '@playwright/test';
import type { Wall } from '../../../layouts/model';
import { serve, type Served } from '../serve';

export interface WallPages {
  s: Served;
  wall: Wall;
  /** One 1920x1080 page per display of the bundled 2x1 wall, each showing a ready wall. */
  pages: Record<'d1' | 'd2', Page>;
  /** Console errors and uncaught exceptions of both pages, to assert there are none. */
  errors: string[];
}

/**
 * The common start of the wall panel specs: a fresh serve (screenshots dir `art` made), the
 * wall, and both displays open and ready with their errors collected.
 */
export async function openWallPages(browser: Browser, art: string): Promise<WallPages> {
  mkdirSync(art, { recursive: true });
  const s = await serve();
  try {
    const wall = await s.call<Wall>('wall.get', {});
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const pages = { d1: await ctx.newPage(), d2: await ctx.newPage() };
    const errors: string[] = [];
    for (const [id, page] of Object.entries(pages)) {
      page.on('console', (m) => m.type() === 'error' && errors.push(`${id} console: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`${id} pageerror: ${e.message}`));
      await page.goto(s.wallUrl(id));
      await expect(page.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
    }
    return { s, wall, pages, errors };
  } catch (e) {
    // The spec never gets `s` to close in afterAll: do not leave the serve process behind.
    await s.close();
    throw e;
  }
}
