import { contextBridge, ipcRenderer } from 'electron';
import {
  ARG_DISPLAY,
  ARG_ROLE,
  IPC_CHOOSE_BUNDLE,
  IPC_ENROLL,
  IPC_FROM_HOST,
  IPC_HELLO,
  IPC_IDENTIFY,
  IPC_SAVE_TEXT,
  IPC_STATE,
  IPC_TO_HOST,
} from './ipc-channels';

/**
 * The sandboxed preload (bundled to dist/electron/preload.cjs): exposes window.iocHost, the
 * renderer's only way to the host. It passes protocol messages through and nothing else —
 * no ipcRenderer, no Node, no arbitrary channels reach the page.
 */

type Listener<T> = (message: T) => void;

const arg = (prefix: string): string => process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? '';

/** Listeners of one main → page channel; a failing listener does not stop the others. */
function fanOut<T>(channel: string, remember = false) {
  const listeners = new Set<Listener<T>>();
  let last: { value: T } | null = null;
  ipcRenderer.on(channel, (_event, message: T) => {
    if (remember) last = { value: message };
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (err) {
        console.error(`[iocHost] ${channel} listener failed:`, err);
      }
    }
  });
  return (listener: Listener<T>): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('iocHost listeners must be functions');
    listeners.add(listener);
    // The state arrives right after hello, often before the page has listened: replay it.
    if (last) listener(last.value);
    return () => {
      listeners.delete(listener);
    };
  };
}

const onMessage = fanOut<unknown>(IPC_FROM_HOST);
const onState = fanOut<{ state: string; retryInMs?: number }>(IPC_STATE, true);
const onIdentify = fanOut<unknown>(IPC_IDENTIFY);
ipcRenderer.send(IPC_HELLO);

contextBridge.exposeInMainWorld('iocHost', {
  send(message: unknown): void {
    ipcRenderer.send(IPC_TO_HOST, message);
  },
  onMessage,
  onState(listener: (state: string, info: { retryInMs?: number }) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('iocHost.onState needs a function');
    return onState((m) => listener(m.state, { retryInMs: m.retryInMs }));
  },
  onIdentify,
  enroll(code: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_ENROLL, String(code).slice(0, 64));
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
