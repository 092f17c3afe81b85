import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHOOSE_BUNDLE, IPC_SAVE_TEXT } from './ipc-channels';
import { isTrustedSender } from './security';

/**
 * Native file dialogs the sandboxed renderer asks main for: downloads are refused in the app
 * (security.ts), so "Xuất JSON" saves through a save dialog here, and "Nhập gói cập nhật" picks
 * the bundle file with an open dialog. The renderer never names a path it can write to: the
 * person chooses it in the dialog; main writes only what was chosen.
 */

/** Layout exports are small; anything larger is not ours. */
export const MAX_SAVE_CHARS = 10 * 1024 * 1024;

export interface FileDialogs {
  dispose(): void;
}

export type SaveResult = { saved: true; path: string } | { saved: false; reason: 'cancelled' | 'refused' | 'failed'; message?: string };

export function installFileDialogs(deps: {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>;
  windowOf: (contents: WebContents) => BrowserWindow | null;
  /** app.getPath('documents'): where the save dialog opens. */
  documentsDir: string;
  /**
   * Whose page may open a dialog (the console's): a wall or kiosk page has no use for one, and a
   * dialog from a locked kiosk would let whoever stands at it browse the machine's files.
   */
  mayUse?: (contents: WebContents) => boolean;
  log?: (msg: string) => void;
}): FileDialogs {
  const log = deps.log ?? console.warn;
  const trusted = (event: IpcMainInvokeEvent, channel: string) => {
    if (isTrustedSender(event) && (deps.mayUse?.(event.sender) ?? true)) return true;
    log(`[electron] '${channel}' from untrusted frame ${event.senderFrame?.url ?? '(gone)'} refused`);
    return false;
  };

  deps.ipcMain.handle(IPC_SAVE_TEXT, async (event, request: unknown): Promise<SaveResult> => {
    if (!trusted(event, IPC_SAVE_TEXT)) return { saved: false, reason: 'refused' };
    const r = request as { name?: unknown; text?: unknown } | null;
    const name = typeof r?.name === 'string' ? r.name : '';
    // A plain file name only: the folder is the person's choice in the dialog.
    if (!/^[^/\\:*?"<>|\u0000-\u001f]{1,120}\.json$/.test(name) || typeof r?.text !== 'string' || r.text.length > MAX_SAVE_CHARS) {
      return { saved: false, reason: 'refused' };
    }
    const win = deps.windowOf(event.sender);
    const options = {
      title: 'Lưu tệp JSON / Save JSON file',
      defaultPath: join(deps.documentsDir, name),
      filters: [{ name: 'JSON', extensions: ['json'] }],
    };
    const chosen = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { saved: false, reason: 'cancelled' };
    try {
      await writeFile(chosen.filePath, r.text, 'utf8');
      return { saved: true, path: chosen.filePath };
    } catch (err) {
      return { saved: false, reason: 'failed', message: `${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message}`.trim() };
    }
  });

  deps.ipcMain.handle(IPC_CHOOSE_BUNDLE, async (event): Promise<string | null> => {
    if (!trusted(event, IPC_CHOOSE_BUNDLE)) return null;
    const win = deps.windowOf(event.sender);
    const options = {
      title: 'Chọn gói cập nhật / Choose an update bundle',
      properties: ['openFile' as const],
      filters: [
        { name: 'IOC Wall bundle', extensions: ['iocbundle'] },
        { name: '*', extensions: ['*'] },
      ],
    };
    const chosen = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  });

  return {
    dispose() {
      deps.ipcMain.removeHandler(IPC_SAVE_TEXT);
      deps.ipcMain.removeHandler(IPC_CHOOSE_BUNDLE);
    },
  };
}
