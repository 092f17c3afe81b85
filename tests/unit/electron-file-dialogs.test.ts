import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { installFileDialogs } from '../../electron/file-dialogs';
import { IPC_CHOOSE_BUNDLE, IPC_SAVE_TEXT } from '../../electron/ipc-channels';
import { FakeIpcMain, FakeWebContents } from './electron-fake';

/** "Xuất JSON" and "Nhập gói cập nhật" in the desktop app: native dialogs through the bridge. */

const dir = mkdtempSync(join(tmpdir(), 'ioc-dialogs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(choice: { save?: string | null; open?: string | null } = {}, mayUse?: (c: unknown) => boolean) {
  const ipcMain = new FakeIpcMain();
  const dialog = {
    showSaveDialog: vi.fn(async (..._a: unknown[]) => (choice.save ? { canceled: false, filePath: choice.save } : { canceled: true, filePath: '' })),
    showOpenDialog: vi.fn(async (..._a: unknown[]) => (choice.open ? { canceled: false, filePaths: [choice.open] } : { canceled: true, filePaths: [] })),
  };
  const logs: string[] = [];
  const dialogs = installFileDialogs({ ipcMain: ipcMain as never, dialog: dialog as never, windowOf: () => null, documentsDir: '/home/op/Documents', mayUse, log: (m) => logs.push(m) });
  return { ipcMain, dialog, dialogs, logs, page: new FakeWebContents() };
}
const APP = 'app://ioc/console?tab=layouts';

describe('file dialogs through the bridge', () => {
  it('Xuất JSON: the save dialog opens in Documents with the name; the chosen file gets the text', async () => {
    const target = join(dir, 'bo-cuc.json');
    const s = setup({ save: target });
    const r = await s.ipcMain.invoke(IPC_SAVE_TEXT, s.page as never, APP, { name: 'ioc-wall-layouts-2026-12-01.json', text: '{"format":"ioc-wall/layouts"}' });
    expect(r).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('{"format":"ioc-wall/layouts"}');
    expect((s.dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string }).defaultPath).toBe(join('/home/op/Documents', 'ioc-wall-layouts-2026-12-01.json'));
  });

  it('cancelled: nothing written', async () => {
    const s = setup({ save: null });
    expect(await s.ipcMain.invoke(IPC_SAVE_TEXT, s.page as never, APP, { name: 'a.json', text: 'x' })).toEqual({ saved: false, reason: 'cancelled' });
  });

  it('refused without a dialog: an untrusted frame, a path instead of a name, not JSON, too much text', async () => {
    const s = setup({ save: join(dir, 'never.json') });
    const cases: [string, unknown, unknown][] = [
      ['https://evil.example/', { name: 'a.json', text: 'x' }, null],
      [APP, { name: '../../etc/a.json', text: 'x' }, null],
      [APP, { name: 'C:\\a.json', text: 'x' }, null],
      [APP, { name: 'a.exe', text: 'x' }, null],
      [APP, { name: 'a.json', text: 'x'.repeat(10 * 1024 * 1024 + 1) }, null],
      [APP, { name: 'a.json', text: 'x' }, { url: 'app://ioc/' }], // a subframe
    ];
    for (const [url, arg, parent] of cases) {
      expect(await s.ipcMain.invoke(IPC_SAVE_TEXT, s.page as never, url, arg, parent)).toEqual({ saved: false, reason: 'refused' });
    }
    expect(s.dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    expect(s.logs.some((l) => l.includes('evil.example'))).toBe(true);
  });

  it('a write error is reported, not thrown', async () => {
    const s = setup({ save: join(dir, 'no-such-folder', 'a.json') });
    expect(await s.ipcMain.invoke(IPC_SAVE_TEXT, s.page as never, APP, { name: 'a.json', text: 'x' })).toMatchObject({ saved: false, reason: 'failed', message: expect.stringContaining('ENOENT') });
  });

  it('Nhập gói cập nhật: the open dialog returns the chosen bundle path (null when cancelled or untrusted)', async () => {
    const s = setup({ open: '/media/usb/ioc-2026-12.iocbundle' });
    expect(await s.ipcMain.invoke(IPC_CHOOSE_BUNDLE, s.page as never, APP)).toBe('/media/usb/ioc-2026-12.iocbundle');
    expect(await s.ipcMain.invoke(IPC_CHOOSE_BUNDLE, s.page as never, 'https://evil.example/')).toBeNull();
    expect(setup().ipcMain.handlers.size).toBe(2);
  });

  it('only the pages it allows (the console window) get a dialog: a kiosk or wall page is refused without one', async () => {
    const kiosk = new FakeWebContents();
    const s = setup({ save: join(dir, 'k.json'), open: '/media/usb/x.iocbundle' }, (c) => c !== kiosk);
    expect(await s.ipcMain.invoke(IPC_SAVE_TEXT, kiosk as never, 'app://ioc/kiosk', { name: 'a.json', text: 'x' })).toEqual({ saved: false, reason: 'refused' });
    expect(await s.ipcMain.invoke(IPC_CHOOSE_BUNDLE, kiosk as never, 'app://ioc/kiosk')).toBeNull();
    expect(s.dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(s.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(await s.ipcMain.invoke(IPC_CHOOSE_BUNDLE, s.page as never, APP)).toBe('/media/usb/x.iocbundle');
  });

  it('dispose removes both handlers', () => {
    const s = setup();
    s.dialogs.dispose();
    expect(s.ipcMain.handlers.size).toBe(0);
  });
});
