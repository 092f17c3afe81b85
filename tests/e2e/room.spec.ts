import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { toDataURL } from 'qrcode';
import { connectNode } from '../integration/support/room';
import { serve, type Served } from './serve';
import { enrollNode, postEnroll } from './support/room-nodes';

/**
 * The room in Chromium, each page with its own credential as a browser node: a kiosk asks for
 * a view, the console (host token) approves it and both wall displays switch; a declined request
 * changes nothing; a wall page may not delete a preset; the Máy trạm tab lists the kiosk and the
 * wall online, identify shows the overlay on the wall pages, a screenshot request is answered by
 * the browser that it cannot; a browser display added from the console opens and comes online.
 * Screenshots: artifacts/room/.
 */

const shots = resolve(import.meta.dirname, '../../artifacts/room');
test.describe.configure({ mode: 'serial' });

let s: Served;
let ctx: BrowserContext;
let walls: Record<'d1' | 'd2', Page>;
let kiosk: Page;
let desk: Page;
const ids: { wall: string; kiosk: string } = { wall: '', kiosk: '' };
const errors: string[] = [];

async function open(browser: Browser, url: string, label: string): Promise<Page> {
  ctx ??= await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`${label} console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${label} pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}

const layoutOf = (p: Page) => p.locator('.wall-root').getAttribute('data-layout-id');

test.beforeAll(async ({ browser }) => {
  mkdirSync(shots, { recursive: true });
  s = await serve();
  const wallNode = await enrollNode(s, 'wall', 'Tường phòng điều hành');
  const kioskNode = await enrollNode(s, 'kiosk', 'Kiosk Chủ tịch');
  ids.wall = wallNode.nodeId;
  ids.kiosk = kioskNode.nodeId;
  walls = {
    d1: await open(browser, `${s.base}/wall?display=d1&token=${wallNode.credential}`, 'wall d1'),
    d2: await open(browser, `${s.base}/wall?display=d2&token=${wallNode.credential}`, 'wall d2'),
  };
  for (const p of Object.values(walls)) await expect(p.locator('.wall-root')).toHaveAttribute('data-wall-ready', 'true', { timeout: 45_000 });
  kiosk = await open(browser, `${s.base}/kiosk?token=${kioskNode.credential}&idle=600`, 'kiosk');
  desk = await open(browser, s.consoleUrl, 'console');
});

test.afterAll(async () => {
  await ctx?.close();
  await s?.close();
});

async function askFromKiosk(domain: string): Promise<void> {
  // From wherever the last step left it: a domain screen has the home button.
  if ((await kiosk.locator('[data-kiosk-home]').count()) === 0) await kiosk.locator('[data-action="home"]').click();
  await expect(kiosk.locator('[data-kiosk-home]')).toBeVisible();
  await kiosk.locator(`.ktile[data-domain="${domain}"]`).click();
  await kiosk.locator('[data-action="to-wall"]').click();
  await kiosk.locator('[data-action="confirm-wall"]').click();
  await expect(kiosk.locator('[data-wall-request="pending"]')).toBeVisible();
}

test('a kiosk asks, the console approves from the preview, both wall displays switch', async () => {
  const before = await layoutOf(walls.d1);
  expect(before).not.toBe('kiosk-request');
  await askFromKiosk('economy');

  const banner = desk.locator('[data-request-banner]');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Kiosk Chủ tịch');
  await expect(banner).toContainText('Có 1 yêu cầu đưa lên tường đang chờ duyệt');
  await desk.screenshot({ path: join(shots, 'approval-banner.png') });

  await banner.locator('[data-action="banner-open"]').click();
  const item = desk.locator('.rq-item');
  await expect(item).toHaveCount(1);
  await expect(item.locator('[data-request-node]')).toHaveText('Kiosk Chủ tịch');
  await expect(item.locator('.preview [data-tile-id="kiosk-economy"]')).toBeVisible();
  await desk.screenshot({ path: join(shots, 'requests-tab.png') });
  await item.locator('[data-action="approve"]').click();
  await expect(desk.locator('[data-request-message]')).toContainText('Đã duyệt');

  for (const p of Object.values(walls)) {
    await expect(p.locator('.wall-root')).toHaveAttribute('data-layout-id', 'kiosk-request');
    await expect(p.locator('[data-tile-id="kiosk-economy"]')).toBeVisible();
  }
  await expect(kiosk.locator('[data-wall-request="ok"]')).toBeVisible();
  await expect(desk.locator('[data-request-banner]')).toHaveCount(0);
  await expect(desk.locator('.rq-recent [data-request-state="approved"]')).toHaveCount(1);
});

test('a declined request changes nothing on the walls and the kiosk is told', async () => {
  const active = await s.call<{ layout: { id: string; tiles: { id: string }[] } }>('layout.active', {});
  await askFromKiosk('health');
  const banner = desk.locator('[data-request-banner]');
  await expect(banner).toContainText('Kiosk Chủ tịch');
  await banner.locator('[data-action="banner-decline"]').click();
  await expect(kiosk.locator('[data-wall-request="error"]')).toContainText('chưa đưa «Y tế');
  // The host decided before it told the kiosk: what it shows now is what the decline left.
  expect(await s.call('layout.active', {})).toEqual(expect.objectContaining({ layout: active.layout }));
  for (const p of Object.values(walls)) {
    expect(await layoutOf(p)).toBe('kiosk-request');
    await expect(p.locator('[data-tile-id="kiosk-economy"]')).toBeVisible();
    await expect(p.locator('[data-tile-id="kiosk-health"]')).toHaveCount(0);
  }
  await expect(desk.locator('.rq-recent [data-request-state="declined"]')).toHaveCount(1);
});

test('a wall page calling preset.delete gets forbidden', async () => {
  const answer = await walls.d1.evaluate(
    () =>
      new Promise<{ code: string; message: string }>((ok, fail) => {
        const token = sessionStorage.getItem('iocwall.token');
        if (!token) return fail(new Error('no credential in this page'));
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'request', id: 1, method: 'preset.delete', params: { id: 'overview' }, rid: 'e2e-wall-delete' }));
        ws.onmessage = (ev) => {
          const m = JSON.parse(String(ev.data)) as { type: string; id?: number; error?: { code: string; message: string } };
          if (m.id !== 1) return;
          ws.close();
          if (m.type === 'error' && m.error) ok(m.error);
          else fail(new Error(`not refused: ${JSON.stringify(m)}`));
        };
        ws.onerror = () => fail(new Error('websocket error'));
      }),
  );
  expect(answer.code).toBe('forbidden');
  expect(answer.message).toMatch(/preset\.delete/);
  const presets = await s.call<{ id: string }[]>('preset.list', {});
  expect(presets.map((p) => p.id)).toContain('overview');
});

test('Máy trạm lists the kiosk and the wall online; identify shows on both wall displays; a browser cannot screenshot', async () => {
  await desk.locator('[data-tab="nodes"]').click();
  const wallRow = desk.locator(`tr[data-node-id="${ids.wall}"]`);
  const kioskRow = desk.locator(`tr[data-node-id="${ids.kiosk}"]`);
  await expect(wallRow.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'online');
  await expect(kioskRow.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'online');
  await expect(wallRow).toContainText('Tường phòng điều hành');
  await expect(wallRow.locator('[data-showing]')).toHaveAttribute('data-showing', 'd1,d2');
  await expect(wallRow).toContainText('Trình duyệt');
  await expect(wallRow).toContainText('2 kết nối');
  await expect(desk.locator('[data-nodes-admin]')).toHaveAttribute('data-nodes-admin', 'true');
  await expect(wallRow.locator('[data-version-differs]')).toHaveCount(0);

  await wallRow.locator('[data-action="identify"]').click();
  await expect(desk.locator('[data-nodes-notice]')).toContainText('2 cửa sổ');
  for (const [id, p] of Object.entries(walls)) {
    const overlay = p.locator(`.identify[data-identify="${id}"]`);
    await expect(overlay).toBeVisible();
    await expect(overlay).toContainText('Tường phòng điều hành');
  }
  await walls.d2.screenshot({ path: join(shots, 'identify-d2.png') });
  await desk.screenshot({ path: join(shots, 'nodes-tab.png'), fullPage: true });
  // The overlay goes by itself after 10 s.
  for (const p of Object.values(walls)) await expect(p.locator('.identify')).toHaveCount(0, { timeout: 20_000 });

  await wallRow.locator('[data-action="screenshot"]').click();
  await expect(desk.locator('[data-screenshot-error]')).toContainText('trình duyệt không tự chụp được màn hình');

  // Tải lại reloads the node's page; it comes back as the same node.
  await kiosk.evaluate(() => Object.assign(window, { beforeReload: true }));
  const reloaded = kiosk.waitForEvent('load');
  await kioskRow.locator('[data-action="reload"]').click();
  await expect(desk.locator('[data-nodes-notice]')).toContainText('tải lại');
  await reloaded;
  expect(await kiosk.evaluate(() => 'beforeReload' in window)).toBe(false);
  await expect(kiosk.locator('[data-kiosk-home]')).toBeVisible();
  await expect(kioskRow.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'online');
  await expect(kioskRow).toContainText('1 kết nối');
});

test('a desktop node: another version than the host, its health, and screenshot thumbnails of its displays', async () => {
  // A desktop node's main process, played by a Node HostClient with the node's own credential.
  const enrolled = await enrollNode(s, 'wall', 'Máy tường 2');
  const node = connectNode(s.base, enrolled.credential, enrolled.nodeId);
  try {
    const image = await toDataURL('IOC Wall d3', { width: 240 });
    node.client.on('node.command', (c) => {
      if (c.command !== 'screenshot') return;
      void node.client.call('node.reply', { requestId: c.requestId, displays: [{ displayId: 'd3', width: 240, height: 240, dataUrl: image }] });
    });
    await node.client.call('node.heartbeat', {
      version: '0.0.9',
      kind: 'desktop',
      displays: [{ id: '2528732444', label: 'DELL P2419H', width: 1920, height: 1080 }],
      showing: ['d3'],
      uptimeSec: 2 * 86_400 + 3 * 3600,
      memoryMB: 1536,
      rendererCrashes: 2,
      lastPaintAt: new Date().toISOString(),
      rttMs: 12,
      pendingUpdate: '0.2.0',
    });
    const row = desk.locator(`tr[data-node-id="${enrolled.nodeId}"]`);
    await expect(row.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'online');
    await expect(row.locator('[data-version-differs]')).toContainText('Khác phiên bản máy chủ (0.0.9)');
    await expect(row).toContainText('Ứng dụng · v0.0.9');
    await expect(row).toContainText('DELL P2419H');
    await expect(row.locator('[data-showing]')).toHaveAttribute('data-showing', 'd3');
    await expect(row).toContainText('Chạy 2 ngày 3 giờ');
    await expect(row).toContainText('Bộ nhớ 1,5 GB');
    await expect(row).toContainText('2 lần lỗi hiển thị');
    await expect(row).toContainText('Trễ 12 ms');
    await expect(row).toContainText('Bản cập nhật 0.2.0 chờ cài');
    await row.locator('[data-action="screenshot"]').click();
    const thumb = desk.locator(`[data-screenshots="${enrolled.nodeId}"] img[alt="d3"]`);
    await expect(thumb).toBeVisible();
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    await desk.screenshot({ path: join(shots, 'nodes-desktop.png'), fullPage: true });
    await desk.locator(`[data-screenshots="${enrolled.nodeId}"]`).getByRole('button', { name: 'Đóng' }).click();
  } finally {
    node.close();
  }
  await expect(desk.locator(`tr[data-node-id="${enrolled.nodeId}"] [data-node-state]`)).toHaveAttribute('data-node-state', 'offline');
});

test('Thêm máy trạm shows a one-time code with its countdown; the code enrolls once', async () => {
  await desk.locator('[data-action="add-node"]').click();
  const form = desk.locator('[data-add-node="desktop"]');
  await form.locator('select[name="role"]').selectOption('wall');
  await form.locator('input[name="name"]').fill('Tường hội trường');
  await form.locator('button[type="submit"]').click();
  const card = desk.locator('[data-enroll-code]');
  await expect(card.locator('.nv-code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(card.locator('[role="timer"]')).toContainText(/Còn hiệu lực 1[45]:\d\d/);
  await desk.screenshot({ path: join(shots, 'node-code.png') });
  const row = desk.locator('tr[data-node-name="Tường hội trường"]');
  await expect(row.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'pending');
  const code = (await card.locator('.nv-code').textContent())!;
  const post = () => postEnroll(s.base, code);
  expect((await post()).status).toBe(200);
  expect((await post()).status).toBe(401);
  await card.getByRole('button', { name: 'Đóng' }).click();
  await expect(card).toHaveCount(0);
});

test('"Thêm màn hình trình duyệt" enrolls a display from the console; its address opens as that node', async () => {
  await desk.locator('[data-action="add-browser"]').click();
  const form = desk.locator('[data-add-node="browser"]');
  await form.locator('select[name="role"]').selectOption('kiosk');
  await form.locator('input[name="name"]').fill('Kiosk Phó Chủ tịch');
  await form.locator('button[type="submit"]').click();
  const card = desk.locator('[data-browser-urls]');
  await expect(card.locator('input.nv-url')).toHaveCount(1);
  await expect(card.locator('img.nv-qr')).toBeVisible();
  const url = await card.locator('input.nv-url').inputValue();
  expect(url).toMatch(new RegExp(`^${s.base}/kiosk\\?token=`));
  await desk.screenshot({ path: join(shots, 'browser-display-added.png') });

  const row = desk.locator('tr[data-node-name="Kiosk Phó Chủ tịch"]');
  const opened = await ctx.newPage();
  await opened.goto(url);
  await expect(opened.locator('.ktile').first()).toBeVisible();
  await expect(row.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'online');
  // The credential left the address bar at once.
  expect(opened.url()).not.toContain('token=');
  await opened.close();

  // Revoking asks first, then the row says so.
  await row.locator('[data-action="revoke"]').click();
  await expect(row.locator('[role="alertdialog"]')).toContainText('Thu hồi “Kiosk Phó Chủ tịch”?');
  await row.locator('[data-action="revoke-confirm"]').click();
  await expect(row.locator('[data-node-state]')).toHaveAttribute('data-node-state', 'revoked');
});

test('a console node sees the nodes but no admin controls', async () => {
  const { credential } = await enrollNode(s, 'console', 'Bàn trực 1');
  const page = await ctx.newPage();
  await page.goto(`${s.base}/console?tab=nodes&token=${credential}`);
  await expect(page.locator(`tr[data-node-id="${ids.wall}"] [data-node-state]`)).toHaveAttribute('data-node-state', 'online');
  await expect(page.locator('[data-nodes-admin]')).toHaveAttribute('data-nodes-admin', 'false');
  await expect(page.locator('[data-action="add-node"], [data-action="add-browser"], [data-action="revoke"], [data-action="new-code"]')).toHaveCount(0);
  await expect(page.locator('.nv')).toContainText('Chỉ quản trị viên');
  // English is the second language of the same tab.
  await page.locator('.console__head [data-lang="en"]').click();
  await expect(page.locator('.nv h2')).toHaveText('Nodes');
  await expect(page.locator(`tr[data-node-id="${ids.wall}"]`)).toContainText('Browser');
  await expect(page.locator(`tr[data-node-id="${ids.wall}"]`)).toContainText('showing d1, d2');
  await page.screenshot({ path: join(shots, 'nodes-tab-en-console-node.png') });
  // The console page is itself a node now, and online.
  await expect(desk.locator('tr[data-node-name="Bàn trực 1"] [data-node-state]')).toHaveAttribute('data-node-state', 'online');
  await page.close();
  expect(errors).toEqual([]);
});
