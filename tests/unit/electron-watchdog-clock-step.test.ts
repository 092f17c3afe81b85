import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { Watchdog } from '../../electron/watchdog';
import { FakeBrowserWindow, fakeEvent } from './electron-fake';

/**
 * The renderer watchdog's backoff (electron/watchdog.ts: crashes within a minute) when NTP steps
 * the PC's clock back: a page that dies minutes after its last crashes is reloaded within a
 * second again, not after the longest backoff for the length of the step.
 */
const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-07T03:00:00Z') });
  FakeBrowserWindow.reset();
});
afterEach(() => void vi.useRealTimers());

describe('watchdog and a clock stepped back', () => {
  it('reloads after 1 s a page that dies 2 minutes after a burst of crashes, the clock stepped back 2 h meanwhile', () => {
    const delays: number[] = [];
    const dog = new Watchdog({ log: (m) => void delays.push(Number(/reloading in (\d+) ms/.exec(m)?.[1])) });
    const win = new FakeBrowserWindow({});
    dog.watch(win as unknown as BrowserWindow, { name: 'wall:d1', url: () => 'app://ioc/wall?display=d1' });
    for (let i = 0; i < 4; i++) {
      win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    vi.setSystemTime(Date.now() - 2 * HOUR);
    vi.advanceTimersByTime(2 * 60_000);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(delays.at(-1)).toBe(1000);
  });
});
