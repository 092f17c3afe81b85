// What the host says when a wall display's first frame cannot be drawn (host/server/first-frame.ts).
// A frame that fails for a reason of the layout or the build fails the same way on every load of
// that display's page: the host's log says so once an hour, not once a page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from '../../host/api/dispatcher';
import { adminCaller } from '../../host/room/caller';
import { firstFrames, WARN_EVERY_MS } from '../../host/server/first-frame';

let dir: string;
let moduleFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-first-frame-warn-'));
  moduleFile = join(dir, 'render.js');
  writeFileSync(
    moduleFile,
    `export async function renderFirstFrame(client, displayId) {
      if (displayId === 'other') throw new Error('another reason');
      throw new Error('Missing getServerSnapshot, which is required for server-rendered content.');
    }`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const dispatcher = { call: () => new Promise(() => {}) } as unknown as Dispatcher;

describe('a first frame that cannot be drawn', () => {
  it('is said once per reason an hour, with how many went unsaid', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let now = 1_000_000;
    const frames = firstFrames({ dispatcher, moduleFile, deadlineMs: 30_000, now: () => now });
    for (let i = 0; i < 50; i++) expect(await frames.draw(adminCaller('test'), i % 2 ? 'd1' : 'd2')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/wall first frame for d2 not drawn: Missing getServerSnapshot/);
    // Another reason is said at once.
    await frames.draw(adminCaller('test'), 'other');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1]![0])).toMatch(/another reason/);
    now += WARN_EVERY_MS - 1;
    await frames.draw(adminCaller('test'), 'd1');
    expect(warn).toHaveBeenCalledTimes(2);
    now += 1;
    await frames.draw(adminCaller('test'), 'd1');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[2]![0])).toMatch(/d1 not drawn: Missing getServerSnapshot.*\(50 more since .*not logged\)/);
  });

  it('keeps what it remembers bounded, whatever the reasons', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    writeFileSync(join(dir, 'many.js'), `let n = 0; export async function renderFirstFrame() { throw new Error('reason ' + n++); }`);
    const frames = firstFrames({ dispatcher, moduleFile: join(dir, 'many.js'), deadlineMs: 30_000, now: () => 0 });
    for (let i = 0; i < 500; i++) await frames.draw(adminCaller('test'), 'd1');
    // Every new reason is said; none is kept for good.
    expect(warn).toHaveBeenCalledTimes(500);
    expect(frames.remembered()).toBeLessThanOrEqual(64);
  });
});
