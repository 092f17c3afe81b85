import { describe, expect, it } from 'vitest';
import type { BrowserWindow, Input } from 'electron';
import { isBlockedInput, kioskWindowOptions, lockDownKiosk } from '../../electron/kiosk';
import { FakeBrowserWindow, fakeEvent } from './electron-fake';

const key = (k: string, mods: Partial<Pick<Input, 'control' | 'alt' | 'shift' | 'meta'>> = {}, type: Input['type'] = 'keyDown') =>
  ({ type, key: k, control: false, alt: false, shift: false, meta: false, ...mods }) as Input;

const HOME = 'app://ioc/kiosk';

function kiosk(idleMinutes = 3) {
  const win = new FakeBrowserWindow(kioskWindowOptions({ x: 0, y: 0, width: 1920, height: 1080 }));
  win.webContents.url = HOME;
  let idle = 0;
  const ticks: (() => void)[] = [];
  let cleared = 0;
  const release = lockDownKiosk(win as unknown as BrowserWindow, {
    homeUrl: HOME,
    idleMinutes,
    powerMonitor: { getSystemIdleTime: () => idle },
    log: () => {},
    setInterval: ((fn: () => void) => {
      ticks.push(fn);
      return 1;
    }) as never,
    clearInterval: () => {
      cleared++;
    },
  });
  return {
    win,
    release,
    setIdle: (s: number) => (idle = s),
    tick: () => ticks.forEach((t) => t()),
    cleared: () => cleared,
  };
}

describe('kiosk window options', () => {
  it('is a kiosk, full screen, frameless, cannot be closed, moved or minimised by the user', () => {
    expect(kioskWindowOptions({ x: 10, y: 20, width: 1920, height: 1080 })).toMatchObject({
      x: 10,
      y: 20,
      kiosk: true,
      fullscreen: true,
      frame: false,
      closable: false,
      minimizable: false,
      movable: false,
      resizable: false,
      autoHideMenuBar: true,
    });
  });
});

describe('kiosk shortcuts', () => {
  it.each([
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Shift+W', key('W', { control: true, shift: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl++', key('+', { control: true, shift: true })],
    ['Ctrl+-', key('-', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
    ['Alt alone (menu bar)', key('Alt', { alt: true })],
    ['Escape', key('Escape')],
    ['Cmd+Q', key('q', { meta: true })],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedInput(input)).toBe(true);
  });

  it.each([
    ['a letter', key('a')],
    ['Shift+A', key('A', { shift: true })],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['digits', key('7')],
    ['Vietnamese text', key('ư')],
    ['Tab', key('Tab')],
    ['key up of F4', key('F4', { alt: true }, 'keyUp')],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedInput(input)).toBe(false);
  });

  it('prevents the blocked keys on the real before-input-event, not others', () => {
    const { win } = kiosk();
    expect(win.webContents.fire('before-input-event', key('F4', { alt: true })).defaultPrevented).toBe(true);
    expect(win.webContents.fire('before-input-event', key('w', { control: true })).defaultPrevented).toBe(true);
    expect(win.webContents.fire('before-input-event', key('a')).defaultPrevented).toBe(false);
  });
});

describe('kiosk lockdown', () => {
  it('has no menu, no devtools, no context menu, no pinch-zoom', () => {
    const { win } = kiosk();
    expect(win.menu).toBeNull();
    expect(win.menuBarVisible).toBe(false);
    expect(win.webContents.visualZoomLimits).toEqual([1, 1]);
    win.webContents.emit('devtools-opened');
    expect(win.webContents.devToolsClosed).toBe(1);
    expect(win.webContents.fire('context-menu', {}).defaultPrevented).toBe(true);
    win.webContents.zoomFactor = 2;
    win.webContents.emit('zoom-changed', fakeEvent(), 'in');
    expect(win.webContents.zoomFactor).toBe(1);
    win.webContents.visualZoomLimits = null;
    win.webContents.emit('did-finish-load');
    expect(win.webContents.visualZoomLimits).toEqual([1, 1]);
  });

  it('cannot be closed by the user; the app can close it after release', () => {
    const { win, release, cleared } = kiosk();
    win.close();
    expect(win.destroyed).toBe(false);
    release();
    expect(cleared()).toBe(1);
    win.close();
    expect(win.destroyed).toBe(true);
  });

  it('goes back into kiosk mode when something makes it leave full screen', () => {
    const { win } = kiosk();
    win.kiosk = false;
    win.emit('leave-full-screen');
    expect(win.kiosk).toBe(true);
  });

  it('returns to the home screen after N idle minutes, once per idle spell', () => {
    const { win, setIdle, tick } = kiosk(2);
    win.webContents.url = 'app://ioc/kiosk/health?area=689';
    setIdle(119);
    tick();
    expect(win.webContents.loads).toEqual([]);
    setIdle(120);
    tick();
    expect(win.webContents.loads).toEqual([HOME]);
    // Still idle, someone's script navigated: no reload loop while nobody touches it.
    win.webContents.url = 'app://ioc/kiosk/land';
    setIdle(400);
    tick();
    expect(win.webContents.loads).toEqual([HOME]);
    // A touch, then idle again: reset again.
    setIdle(3);
    tick();
    setIdle(121);
    tick();
    expect(win.webContents.loads).toEqual([HOME, HOME]);
  });

  it('does not reload the home screen when already there', () => {
    const { win, setIdle, tick } = kiosk(1);
    setIdle(600);
    tick();
    expect(win.webContents.loads).toEqual([]);
  });
});
