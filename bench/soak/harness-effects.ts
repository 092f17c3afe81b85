// What the soak's own DevTools calls do to a page's heap, measured on a page that runs 3000
// small functions five times a second (like an app's render and update paths):
//   npx tsx bench/soak/harness-effects.ts
// 1. Runtime.evaluate of one fixed expression 300 times, then of 300 different expressions
//    (a new source each time, as a harness that builds its expression per call would do).
// 2. A heap snapshot, with V8's lazy source positions (Chromium's default) and with
//    --no-enable-lazy-source-positions: a snapshot makes V8 build the source-position table of
//    every function that has bytecode, which stays in the heap as `code`.
// 3. The same page driven by Playwright, and what the soak's probe used to do through it on every
//    sample: page.evaluate of a string, waitForSelector, Performance.getMetrics.
// Each figure is the JS heap after a forced GC, before and after, in a fresh browser.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/e2e/support/chromium';
import { openPlainPage, type PlainPage } from '../plain-chromium';

const MB = 1024 * 1024;
const body = Array.from({ length: 3000 }, (_, i) => `function f${i}(a){let s=0;for(let k=0;k<a;k++)s+=k*${i};return s+'${i}'.length;}`).join('\n') + `\nconst all = [${Array.from({ length: 3000 }, (_, i) => `f${i}`).join(',')}];\nsetInterval(() => { for (const f of all) f(3); }, 200);`;
const server = createServer((_req, res) => res.end(`<!doctype html><script>${body}</script><p>x</p>`));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

async function heap(p: PlainPage): Promise<number> {
  await p.send('HeapProfiler.collectGarbage');
  await p.send('HeapProfiler.collectGarbage');
  return (await p.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize / MB;
}

async function snapshot(p: PlainPage): Promise<void> {
  const off = p.on('HeapProfiler.addHeapSnapshotChunk', () => {});
  try {
    await p.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    off();
  }
}

/**
 * Until the page's own functions have tiered up (its heap after a GC moves by < 16 KB in 5 s,
 * twice running, and one minute at least), at most three minutes: V8 optimises a hot function when it has run enough,
 * which on a loaded machine can come late and would be counted against whatever runs then.
 */
async function settle(p: PlainPage): Promise<void> {
  let last = await heap(p);
  let still = 0;
  // Its hot loop (3000 calls inlined) is optimised after about half a minute of running.
  const earliest = Date.now() + 60_000;
  for (const deadline = Date.now() + 180_000; (still < 2 || Date.now() < earliest) && Date.now() < deadline; ) {
    // A measuring window: the heap is compared before and after it.
    await new Promise((r) => setTimeout(r, 5000));
    const now = await heap(p);
    still = Math.abs(now - last) < 16 / 1024 ? still + 1 : 0;
    last = now;
  }
}

const fmt = (a: number, b: number) => `${a.toFixed(3)} → ${b.toFixed(3)} MB (${b - a >= 0 ? '+' : ''}${((b - a) * 1024).toFixed(0)} KB)`;

/**
 * 300 calls of `run`, the page's heap after a forced GC before and after, then an idle window as
 * long as the calls took: the page's own functions warm up whatever the harness does, so each
 * phase is read against that window.
 */
async function measurePhase(target: PlainPage, what: string, run: (i: number) => Promise<unknown>): Promise<void> {
  const a = await heap(target);
  const t0 = Date.now();
  for (let i = 0; i < 300; i++) await run(i);
  const ms = Date.now() - t0;
  const b = await heap(target);
  // A measuring window as long as the phase, not a wait for a condition.
  await new Promise((r) => setTimeout(r, ms));
  const c = await heap(target);
  console.log(`  ${what}: ${fmt(a, b)}; then idle as long: ${fmt(b, c)}`);
}

for (const lazy of [true, false]) {
  const page = await openPlainPage(url, { width: 800, height: 600 }, { args: lazy ? [] : ['--js-flags=--no-enable-lazy-source-positions'] });
  try {
    await page.waitFor(`document.querySelector('p') !== null`, 60_000, 'the page');
    console.log(lazy ? 'Chromium default (lazy source positions):' : 'with --js-flags=--no-enable-lazy-source-positions:');
    const phase = (what: string, run: (i: number) => Promise<unknown>) => measurePhase(page, what, run);
    await settle(page);
    await phase('idle', () => new Promise((r) => setTimeout(r, 20)));
    await phase('300 × evaluate, one fixed expression', () => page.evaluate(`document.querySelectorAll('p').length`));
    await phase('300 × evaluate, a new expression each', (i) => page.evaluate(`document.querySelectorAll('p').length + ${i}`));
    let a = 0;
    let b = 0;
    for (let n = 1; n <= 3; n++) {
      a = await heap(page);
      await snapshot(page);
      b = await heap(page);
      console.log(`  heap snapshot ${n}: ${fmt(a, b)}`);
    }
    // queryObjects without the Runtime domain enabled: what the soak counts WebSockets with.
    const proto = await page.send<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'HTMLParagraphElement.prototype', objectGroup: 'probe' });
    const arr = await page.send<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: 'probe' });
    const n = await page.send<{ result: { value: number } }>('Runtime.callFunctionOn', { objectId: arr.objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
    await page.send('Runtime.releaseObjectGroup', { objectGroup: 'probe' });
    console.log(`  queryObjects(HTMLParagraphElement.prototype): ${n.result.value}`);
  } finally {
    await page.close();
  }
}
{
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    const dt = {
      send: <T>(method: string, params?: Record<string, unknown>) => cdp.send(method as never, params as never) as Promise<T>,
    } as PlainPage;
    await page.goto(url);
    await cdp.send('Performance.enable');
    console.log('driven by Playwright (its Network and Runtime domains on):');
    const phase = (what: string, run: (i: number) => Promise<unknown>) => measurePhase(dt, what, run);
    await settle(dt);
    await phase('idle', () => new Promise((r) => setTimeout(r, 20)));
    await phase('300 × page.evaluate of a string', () => page.evaluate(`document.querySelectorAll('p').length`));
    await phase('300 × waitForSelector', () => page.waitForSelector('p'));
    await phase('300 × Performance.getMetrics', () => cdp.send('Performance.getMetrics'));
    await phase('300 × Runtime.evaluate, one fixed expression', () => cdp.send('Runtime.evaluate', { expression: `document.querySelectorAll('p').length`, returnByValue: true }));
  } finally {
    await browser.close();
  }
}
server.close();
