import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMain, IpcMainInvokeEvent, Screen } from 'electron';
import type { EnrollAnswer } from '../host/api/client/transport';
import { appUrl } from './app-protocol';
import { IPC_ENROLL } from './ipc-channels';
import { hardenWebContents, isTrustedSender, secureWebPreferences } from './security';
import type { Enrollment } from './node-credential';

/**
 * The first-run screen of a node ("Nhập mã đăng ký"): a window of its own that hands the code
 * typed into it to main through one dedicated bridge call. Main exchanges the code with the
 * host; the page only ever learns the role and name it was enrolled as, never the credential.
 */

export type EnrollReason = 'revoked' | null;

export interface EnrollWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  screen: Pick<Screen, 'getPrimaryDisplay'>;
  preload: string;
  icon?: string;
  hostUrl: string;
  /** Why the screen is back: the host refused this machine's credential. */
  reason: EnrollReason;
  /** POST /api/enroll with the code; rejects with the host's words. */
  exchange(code: string): Promise<Enrollment>;
  /** The person closed the window without enrolling. */
  onClosed?: () => void;
  log?: (msg: string) => void;
}

export interface EnrollWindow {
  readonly win: BrowserWindow;
  /** Settles with the enrollment once a code was accepted (and the answer is with the page). */
  readonly done: Promise<Enrollment>;
  /** Closes the window without calling onClosed (main opened the node's windows). */
  close(): void;
}

export function openEnrollWindow(deps: EnrollWindowDeps): EnrollWindow {
  const log = deps.log ?? console.warn;
  const area = deps.screen.getPrimaryDisplay().workArea;
  const width = Math.min(area.width, 1100);
  const height = Math.min(area.height, 800);
  const win = new deps.BrowserWindow({
    show: false,
    backgroundColor: '#0b1220',
    title: 'IOC Wall — Đăng ký máy trạm',
    icon: deps.icon,
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(deps.preload, { role: 'enroll', displayId: null }),
  });
  hardenWebContents(win.webContents, log);
  win.setMenu(null);

  let resolveDone!: (e: Enrollment) => void;
  const done = new Promise<Enrollment>((r) => (resolveDone = r));
  let busy = false;
  let closing = false;

  const handler = async (event: IpcMainInvokeEvent, code: unknown): Promise<EnrollAnswer> => {
    // Only this window's own page may enroll the machine.
    if (!isTrustedSender(event) || event.sender.id !== win.webContents.id) {
      log(`[electron] enrollment call from ${event.senderFrame?.url ?? '(gone)'} refused`);
      return { ok: false, message: 'Không được phép / not allowed from this page.' };
    }
    if (typeof code !== 'string' || code.replace(/[\s-]/g, '').length === 0) {
      return { ok: false, message: 'Hãy nhập mã đăng ký / type the enrollment code.' };
    }
    if (busy) return { ok: false, message: 'Đang gửi mã, xin chờ / a code is being checked, please wait.' };
    busy = true;
    try {
      const enrollment = await deps.exchange(code.trim().slice(0, 32));
      log(`[electron] enrolled as node ${enrollment.nodeId} (${enrollment.role})`);
      setImmediate(() => resolveDone(enrollment));
      return { ok: true, role: enrollment.role, name: enrollment.name };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    } finally {
      busy = false;
    }
  };
  deps.ipcMain.handle(IPC_ENROLL, handler);

  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (closing) return;
    closing = true;
    deps.ipcMain.removeHandler(IPC_ENROLL);
    deps.onClosed?.();
  });
  void win.loadURL(appUrl('/enroll', { host: deps.hostUrl, reason: deps.reason ?? undefined }));

  return {
    win,
    done,
    close() {
      if (closing) return;
      closing = true;
      deps.ipcMain.removeHandler(IPC_ENROLL);
      if (!win.isDestroyed()) win.close();
    },
  };
}
