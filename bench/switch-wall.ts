// The wall every layout-switch tool measures: a 3×2 wall of six 1280×720 displays, one page each
// in one Chromium, cycling the four bundled presets; a cold switch shows a copy of one saved under
// a new id just before (no display has prepared it).
import type { Browser, Page } from '@playwright/test';
import { gridWall } from '../layouts/presets';
import type { ApiClient, Served } from '../tests/e2e/support/layouts-host';

export const SWITCH_W = 1280;
export const SWITCH_H = 720;
export const SWITCH_WALL = gridWall({ cols: 3, rows: 2, width: SWITCH_W, height: SWITCH_H, bezel: 10 });
/** The bundled presets the tools cycle through: starts away from the wall's preset at start ('overview'), ends on it. */
export const SWITCH_CYCLE = ['morning-briefing', 'emergency', 'traffic-order', 'overview'];

/**
 * Saves the wall, opens one page per display and waits until each has painted. `beforeGoto`
 * runs on each page before it loads (a CDP session that must see the page's first requests).
 */
export async function openSwitchWall(browser: Browser, served: Served, api: ApiClient, beforeGoto?: (p: Page) => Promise<void>): Promise<Page[]> {
  await api.call('wall.save', { wall: SWITCH_WALL });
  const pages: Page[] = [];
  for (const d of SWITCH_WALL.displays) {
    const p = await browser.newPage({ viewport: { width: SWITCH_W, height: SWITCH_H } });
    await beforeGoto?.(p);
    await p.goto(`${served.url}/wall?display=${d.id}&token=${served.token}`);
    pages.push(p);
  }
  for (const p of pages) await p.waitForSelector('.wall-root[data-wall-ready="true"]', { timeout: 60_000 });
  return pages;
}

/** Saves a copy of preset `from` as `id` (named `name`), for a cold switch to it. */
export async function saveFreshCopy(api: ApiClient, from: string, id: string, name = id): Promise<void> {
  const { bundled: _b, updatedAt: _u, ...layout } = await api.call<{ id: string; bundled: boolean; updatedAt: string }>('preset.get', { id: from });
  await api.call('preset.save', { layout: { ...layout, id, name } });
}
