// A restart of a wall machine: its browser starts again on the profile an earlier run left on
// disk (a browser display node's persistent profile, the desktop app's persistent session) —
// HTTP cache, V8 code cache, the shell's service worker and its cache storage, IndexedDB. What a
// wall running for months meets after a reboot or a crash, where a fresh context (the cold
// series) is only its very first start.
//
// `recordProfile` makes such a profile once (a persistent context that opens the pages, waits
// until each is ready and, where the page registers one, until its service worker is active,
// then closes: the browser writes its caches out on close, as on a clean shutdown);
// `restartRun` copies it to a new directory for each run, so every restart meets the same state
// (the earlier run's, never the previous restart's), starts a browser on the copy, and times
// page.goto → ready on every page at once, one window each, as the wall has them.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../tests/e2e/support/chromium';
import { benchChromiumArgs } from './wall-browser';
import { liveFrom, probeFirstPaint } from './first-paint';

export interface ProfileOptions {
  viewport: { width: number; height: number };
  /** A page is ready when this selector is attached (a wall display: every tile painted). */
  readySelector?: string;
  /** Per page, in ms. */
  timeoutMs?: number;
}

const launch = (dir: string, o: ProfileOptions) =>
  chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: benchChromiumArgs(), viewport: o.viewport });

/**
 * The context's pages, one per URL, each in its own window (the first is the window a persistent
 * context opens with). Not `context.newPage()`: in a persistent context that opens a tab in the
 * first window, which leaves the first page a background tab, given about one frame a second —
 * every restart before 4 Dec 2026 timed that (~1.1 s more than a display in its own window).
 */
async function pagesFor(context: BrowserContext, count: number): Promise<Page[]> {
  const pages = [...context.pages()];
  const browser = context.browser();
  if (!browser) throw new Error('a persistent context without its browser: cannot open a window per display');
  const cdp = await browser.newBrowserCDPSession();
  try {
    while (pages.length < count) {
      const [page] = await Promise.all([context.waitForEvent('page'), cdp.send('Target.createTarget', { url: 'about:blank', newWindow: true })]);
      pages.push(page);
    }
  } finally {
    await cdp.detach();
  }
  return pages.slice(0, count);
}

async function load(page: Page, url: string, o: ProfileOptions): Promise<void> {
  await page.goto(url, { waitUntil: 'load', timeout: o.timeoutMs ?? 60_000 });
  if (o.readySelector) await page.waitForSelector(o.readySelector, { timeout: o.timeoutMs ?? 60_000, state: 'attached' });
}

/**
 * A profile directory as an earlier run leaves it: every URL loaded in one browser until ready,
 * its service worker (if the page registers one) active, the browser closed.
 */
export async function recordProfile(urls: string[], o: ProfileOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-profile-'));
  const context = await launch(dir, o);
  try {
    const pages = await pagesFor(context, urls.length);
    await Promise.all(pages.map((p, i) => load(p, urls[i]!, o)));
    // The shell's worker registers after the first frame and then keeps the app's files; a
    // wall that ran for a while has it installed and active.
    await Promise.all(
      pages.map((p) =>
        p.evaluate(async (deadline) => {
          if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
          const end = Date.now() + deadline;
          while (Date.now() < end) {
            const reg = await navigator.serviceWorker.getRegistration();
            if (reg?.active && !reg.installing && !reg.waiting) return;
            await new Promise((r) => setTimeout(r, 50));
          }
        }, o.timeoutMs ?? 60_000),
      ),
    );
  } finally {
    await context.close();
  }
  return dir;
}

function copyProfile(profile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-restart-'));
  cpSync(profile, dir, { recursive: true });
  return dir;
}

/**
 * Counts, in the page, the HostApi requests it sends and their answers (an init script wraps
 * the page's WebSocket before any of its code runs; the DevTools protocol's frame events miss
 * large frames, such as a map's answer). A restarted wall paints its first frame from its
 * offline cache (IndexedDB) while the live answers are on their way; its *live* frame is there
 * once every request sent before that frame has been answered.
 */
async function countAnswers(context: BrowserContext): Promise<void> {
  // A string, not a function: the bench runs under tsx, whose helpers do not exist in the page.
  await context.addInitScript(`(() => {
    const log = (window.__hostApi = { sent: new Map(), answered: new Map() });
    const Ws = window.WebSocket;
    const idOf = (data, re) => {
      const m = typeof data === 'string' ? re.exec(data) : null;
      return m ? Number(m[1]) : null;
    };
    window.WebSocket = class extends Ws {
      constructor(url, protocols) {
        super(url, protocols);
        this.addEventListener('message', (e) => {
          const id = idOf(e.data, /^\\{"type":"(?:response|error)","id":(\\d+)/);
          if (id !== null) log.answered.set(id, performance.now());
        });
      }
      send(data) {
        const id = idOf(data, /^\\{"type":"request","id":(\\d+)/);
        if (id !== null && !log.sent.has(id)) log.sent.set(id, performance.now());
        super.send(data);
      }
    };
  })();`);
}

/**
 * In the page, from the moment it is ready (`at`): when every request sent until then had its
 * answer (`live`; `at` itself if all were in), both on the page's clock.
 */
function liveAt(page: Page, timeoutMs: number): Promise<{ at: number; live: number }> {
  return page.evaluate(`(() => {
    const log = window.__hostApi;
    const at = performance.now();
    const ids = [...log.sent].filter(([, t]) => t <= at).map(([id]) => id);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (ids.every((id) => log.answered.has(id))) return resolve({ at, live: Math.max(at, ...ids.map((id) => log.answered.get(id))) });
        if (performance.now() > at + ${timeoutMs}) return reject(new Error('requests ' + ids.filter((id) => !log.answered.has(id)).join(', ') + ' not answered'));
        requestAnimationFrame(check); // once a frame: the answers arrive between frames
      };
      check();
    });
  })()`);
}

/**
 * One restart: a browser on a copy of `profile`, every URL opened at once (one window each),
 * timed from navigation to ready (`ms`, `perPage`) and, on wall pages, to the live frame
 * (`liveMs`: ready, and every HostApi request sent until then answered). `inspect` looks at the
 * pages once they are ready, before the browser closes.
 */
export async function restartRun(
  profile: string,
  urls: string[],
  o: ProfileOptions,
  inspect?: (pages: Page[]) => Promise<void>,
): Promise<{ ms: number; perPage: number[]; liveMs: number; firstLiveMs: number; framed: number }> {
  const dir = copyProfile(profile);
  const context = await launch(dir, o);
  try {
    if (o.readySelector) {
      await countAnswers(context);
      await probeFirstPaint(context);
    }
    const pages = await pagesFor(context, urls.length);
    const t0Epoch = Date.now();
    const t0 = performance.now();
    const ready = await Promise.all(
      pages.map(async (p, i) => {
        await load(p, urls[i]!, o);
        const at = performance.now();
        if (!o.readySelector) return { at, live: at, first: { ms: at - t0, framed: false } };
        // On the page's clock, from the moment it was seen ready: how much later it was live.
        const l = await liveAt(p, o.timeoutMs ?? 60_000);
        const live = at + (l.live - l.at);
        // Live sooner when its first paint was the frame the host drew into the page.
        return { at, live, first: await liveFrom(p, t0Epoch, live - t0) };
      }),
    );
    await inspect?.(pages);
    return {
      ms: Math.max(...ready.map((r) => r.at)) - t0,
      perPage: ready.map((r) => r.at - t0),
      liveMs: Math.max(...ready.map((r) => r.live)) - t0,
      firstLiveMs: Math.max(...ready.map((r) => r.first.ms)),
      framed: ready.filter((r) => r.first.framed).length,
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const removeProfile = (profile: string) => rmSync(profile, { recursive: true, force: true });
