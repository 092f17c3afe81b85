import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { openEnrollWindow, type EnrollWindowDeps } from '../../electron/enroll-window';
import { IPC_ENROLL } from '../../electron/ipc-channels';
import type { Enrollment } from '../../electron/node-credential';
import { cleartextOverLan } from '../../electron/remote';
import { display, FakeBrowserWindow, FakeIpcMain, FakeScreen } from './electron-fake';

const ENROLLED: Enrollment = { nodeId: 'n1', role: 'kiosk', name: 'Kiosk UBND', credential: 'c'.repeat(43), url: 'https://10.0.0.5:8080' };

function open(exchange: (code: string) => Promise<Enrollment>, over: Partial<EnrollWindowDeps> = {}) {
  const ipc = new FakeIpcMain();
  let closedByUser = 0;
  const w = openEnrollWindow({
    BrowserWindow: FakeBrowserWindow as unknown as new (o: BrowserWindowConstructorOptions) => never,
    ipcMain: ipc as never,
    screen: new FakeScreen([display(1, 'touch', 0, 0)]) as never,
    preload: '/p.cjs',
    hostUrl: 'https://10.0.0.5:8080',
    reason: null,
    exchange,
    onClosed: () => void closedByUser++,
    log: () => {},
    ...over,
  });
  const win = FakeBrowserWindow.all[0];
  const invoke = (code: unknown) => ipc.invoke(IPC_ENROLL, win.webContents, win.webContents.url, code);
  return { w, ipc, win, invoke, closedByUser: () => closedByUser };
}

beforeEach(() => FakeBrowserWindow.reset());

describe('enrollment window', () => {
  it('loads the enrollment route with the host and the reason, in a sandboxed window without menu', () => {
    const { win } = open(async () => ENROLLED, { reason: 'revoked' });
    expect(win.webContents.url).toBe('app://ioc/enroll?host=https%3A%2F%2F10.0.0.5%3A8080&reason=revoked');
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.menu).toBeNull();
  });

  it('an empty code is not sent; one code at a time; the page learns the role and name, never the credential', async () => {
    const codes: string[] = [];
    let release!: () => void;
    const { w, invoke } = open(
      (code) =>
        new Promise((resolve) => {
          codes.push(code);
          release = () => resolve(ENROLLED);
        }),
    );
    expect(await invoke(' - ')).toMatchObject({ ok: false });
    expect(await invoke(42)).toMatchObject({ ok: false });
    const first = invoke(' K7QM-2XPA ');
    expect(await invoke('K7QM-2XPA')).toMatchObject({ ok: false, message: expect.stringMatching(/xin chờ|wait/) });
    release();
    const answer = await first;
    expect(answer).toEqual({ ok: true, role: 'kiosk', name: 'Kiosk UBND' });
    expect(JSON.stringify(answer)).not.toContain(ENROLLED.credential);
    expect(codes).toEqual(['K7QM-2XPA']);
    await expect(w.done).resolves.toEqual(ENROLLED);
  });

  it('the host’s refusal reaches the page in its words; the screen stays for another try', async () => {
    const { invoke, win } = open(async () => {
      throw new Error('Mã đăng ký không đúng / the code is wrong');
    });
    expect(await invoke('AAAA-AAAA')).toEqual({ ok: false, message: 'Mã đăng ký không đúng / the code is wrong' });
    expect(win.destroyed).toBe(false);
  });

  it('closed by the person: the app is told (it quits); closed by main after enrolling: it is not, and the handler is gone', () => {
    const a = open(async () => ENROLLED);
    a.win.close();
    expect(a.closedByUser()).toBe(1);
    expect(a.ipc.handlers.has(IPC_ENROLL)).toBe(false);
    FakeBrowserWindow.reset();
    const b = open(async () => ENROLLED);
    b.w.close();
    expect(b.win.destroyed).toBe(true);
    expect(b.closedByUser()).toBe(0);
    expect(b.ipc.handlers.has(IPC_ENROLL)).toBe(false);
  });
});

describe('connect.url', () => {
  it('plain HTTP is only quiet on this machine', () => {
    expect(cleartextOverLan('http://10.0.0.5:8080')).toBe(true);
    expect(cleartextOverLan('http://127.0.0.1:8080')).toBe(false);
    expect(cleartextOverLan('https://10.0.0.5:8080')).toBe(false);
  });
});
