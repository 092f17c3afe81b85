/**
 * The one CSP (host/server/web-policy.ts) that `serve` sends and the desktop app's app:// scheme
 * uses, checked in Chromium on a real page: a worker built from a blob: URL runs (hls.js plays
 * camera streams through one), while a frame is refused and reported.
 */
import { expect, test } from '@playwright/test';
import { contentSecurityPolicy } from '../../host/server/web-policy';
import { serve, type Served } from './serve';

let s: Served;
test.beforeAll(async () => {
  s = await serve({ args: ['--no-demo'] });
});
test.afterAll(async () => {
  await s?.close();
});

test('a served page runs blob: workers and refuses frames under the shared CSP', async ({ page }) => {
  const res = await page.goto(s.consoleUrl);
  expect(res?.headers()['content-security-policy']).toBe(contentSecurityPolicy(new URL(s.base).host));
  const result = await page.evaluate(async () => {
    const refused: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => refused.push(e.effectiveDirective));
    const url = URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' }));
    const answer = await new Promise<unknown>((ok, fail) => {
      const w = new Worker(url);
      w.onmessage = (e) => ok(e.data);
      w.onerror = () => fail(new Error('the blob: worker was refused'));
    });
    const frame = document.createElement('iframe');
    frame.src = `${location.origin}/healthz`;
    document.body.append(frame);
    const deadline = Date.now() + 10_000;
    while (!refused.includes('frame-src') && Date.now() < deadline) await new Promise((r) => requestAnimationFrame(r));
    return { answer, refused };
  });
  expect(result.answer).toBe(42);
  expect(result.refused).toContain('frame-src');
  expect(result.refused).not.toContain('worker-src');
});
