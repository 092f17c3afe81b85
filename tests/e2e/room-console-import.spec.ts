import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Layout, Wall } from '../../layouts/model';
import { serve, type Served } from './serve';
import { enrollNode } from './support/room-nodes';

/**
 * An operator's desk (a console node, not the administrator) imports a layouts file that carries
 * a wall: only an administrator may change the wall's displays, so the file is refused whole, and
 * the editor offers to import its presets without the wall, which keeps the wall as it is.
 * Screenshot: artifacts/room/console-import-wall-forbidden.png.
 */

const shots = resolve(import.meta.dirname, '../../artifacts/room');
let s: Served;

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  s = await serve();
});
test.afterAll(async () => {
  await s?.close();
});

test("an operator's import of a file with a wall is refused whole; “Chỉ nhập bố cục” brings its presets in and keeps the wall", async ({ browser }) => {
  const { credential } = await enrollNode(s, 'console', 'Bàn trực 2');
  const wallBefore = (await s.call<{ wall: Wall }>('wall.get', {})).wall;
  const file = await s.call<{ wall: Wall; presets: Layout[] }>('layouts.export', {});
  // The file's wall is another one (bigger displays); its one preset is new.
  const preset = { ...file.presets[0]!, id: 'ca-dem-nhap', name: 'Ca đêm (nhập)' };
  const changed = { ...file, wall: { ...file.wall, displays: file.wall.displays.map((d) => ({ ...d, width: 3840, height: 2160 })) }, presets: [preset] };

  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const desk = await ctx.newPage();
  await desk.goto(`${s.base}/console?token=${credential}`);
  const input = desk.locator('[data-action="import-file"]');
  await input.setInputFiles({ name: 'bo-cuc.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  const err = desk.locator('.le-msg--error');
  await expect(err).toContainText('chỉ quản trị viên được thay đổi màn hình của tường');
  await err.screenshot({ path: join(shots, 'console-import-wall-forbidden.png') });
  expect(await s.call<Layout | null>('preset.get', { id: preset.id }).catch(() => null)).toBeNull();

  await err.locator('[data-action="import-without-wall"]').click();
  await expect(desk.locator('.le-msg--ok')).toContainText('Tường giữ nguyên.');
  expect((await s.call<Layout>('preset.get', { id: preset.id })).name).toBe('Ca đêm (nhập)');
  expect((await s.call<{ wall: Wall }>('wall.get', {})).wall).toEqual(wallBefore);
  await ctx.close();
});
