import { contextBridge, ipcRenderer } from 'electron';
import { ARG_DISPLAY, ARG_ROLE, IPC_CHOOSE_BUNDLE, IPC_FROM_HOST, IPC_HELLO, IPC_SAVE_TEXT, IPC_TO_HOST } from './ipc-channels';

/**
 * The sandboxed preload (bundled to dist/electron/preload.cjs): exposes window.iocHost, the
 * renderer's only way to the host. It passes protocol messages through and nothing else —
 * no ipcRenderer, no Node, no arbitrary channels reach the page.
 */

type Listener = (message: unknown) => void;

const arg = (prefix: string): string => process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? '';

const listeners = new Set<Listener>();
ipcRenderer.on(IPC_FROM_HOST, (_event, message: unknown) => {
  for (const listener of listeners) {
    try {
      listener(message);
    } catch (err) {
      console.error('[iocHost] listener failed:', err);
    }
  }
});
ipcRenderer.send(IPC_HELLO);

contextBridge.exposeInMainWorld('iocHost', {
  send(message: unknown): void {
    ipcRenderer.send(IPC_TO_HOST, message);
  },
  onMessage(listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('iocHost.onMessage needs a function');
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  role: arg(ARG_ROLE) || 'all-in-one',
  displayId: arg(ARG_DISPLAY) || null,
});

// Native dialogs (electron/file-dialogs.ts): the page hands over a file name and text, or asks for
// a path the person picks; it never names a folder to write to.
contextBridge.exposeInMainWorld('iocFiles', {
  saveText(name: string, text: string): Promise<unknown> {
    return ipcRenderer.invoke(IPC_SAVE_TEXT, { name: String(name), text: String(text) });
  },
  chooseBundle(): Promise<unknown> {
    return ipcRenderer.invoke(IPC_CHOOSE_BUNDLE);
  },
});
