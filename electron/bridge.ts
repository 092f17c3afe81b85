import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import type { ConnState } from '../host/api/client/transport';
import type { Caller } from '../host/room/caller';
import { IPC_FROM_HOST, IPC_HELLO, IPC_STATE, IPC_TO_HOST } from './ipc-channels';
import { isTrustedSender } from './security';

/**
 * Main side of the preload bridge: each renderer page gets its own host session (the same
 * createSession the WebSocket server uses, or a channel of the node's connection to a remote
 * host), fed by IPC messages. Senders that are not a top-level app:// frame are dropped before
 * their message reaches the host. Each page is told the connection's state, so its HostClient
 * re-sends after an outage and the page shows the banner.
 */

export interface HostSession {
  receive(m: unknown): void;
  close(): void;
}

/** host.connect from host/service.ts: one session per client, replies through `send`. */
export type ConnectFn = (send: (m: unknown) => void, actor?: string | Caller) => HostSession;

/** A host that can go away (remote.ts): sessions that report the connection's state. */
export interface Upstream {
  open(send: (m: unknown) => void, onState: (state: ConnState, info: { retryInMs?: number }) => void, actor: string): HostSession;
}

export interface Bridge {
  /** Sessions currently open, by webContents id (for tests and diagnostics). */
  readonly sessions: ReadonlyMap<number, HostSession>;
  dispose(): void;
}

export function installBridge(
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>,
  host: ConnectFn | Upstream,
  /** `actorOf`: who a page is to an in-process host (its window's role); a remote host knows the node by its credential. */
  opts: { actorOf?: (contents: WebContents) => string | Caller; log?: (msg: string) => void } = {},
): Bridge {
  const log = opts.log ?? console.warn;
  const sessions = new Map<number, HostSession>();
  const openedOnce = new Set<number>();

  const open = (contents: WebContents): HostSession => {
    sessions.get(contents.id)?.close();
    const id = contents.id;
    const send = (m: unknown) => {
      if (!contents.isDestroyed()) contents.send(IPC_FROM_HOST, m);
    };
    const actor = opts.actorOf?.(contents) ?? `ipc:${id}`;
    const sendState = (state: ConnState, info: { retryInMs?: number }) => {
      if (!contents.isDestroyed()) contents.send(IPC_STATE, { state, retryInMs: info.retryInMs });
    };
    let session: HostSession;
    if (typeof host === 'function') {
      session = host(send, actor);
      sendState('up', {}); // in-process: nothing to lose
    } else {
      session = host.open(send, sendState, typeof actor === 'string' ? actor : actor.name);
    }
    sessions.set(id, session);
    if (!openedOnce.has(id)) {
      openedOnce.add(id);
      contents.once('destroyed', () => {
        sessions.get(id)?.close();
        sessions.delete(id);
        openedOnce.delete(id);
      });
    }
    return session;
  };

  const trusted = (event: IpcMainEvent, channel: string): boolean => {
    if (isTrustedSender(event)) return true;
    log(`[electron] IPC '${channel}' from untrusted frame ${event.senderFrame?.url ?? '(gone)'} dropped`);
    return false;
  };

  // A page (re)load runs the preload again, which says hello: the previous page's
  // subscriptions must not keep sending into the new page.
  const onHello = (event: IpcMainEvent) => {
    if (trusted(event, IPC_HELLO)) open(event.sender);
  };
  const onMessage = (event: IpcMainEvent, message: unknown) => {
    if (!trusted(event, IPC_TO_HOST)) return;
    (sessions.get(event.sender.id) ?? open(event.sender)).receive(message);
  };
  ipcMain.on(IPC_HELLO, onHello);
  ipcMain.on(IPC_TO_HOST, onMessage);

  return {
    sessions,
    dispose() {
      ipcMain.removeListener(IPC_HELLO, onHello);
      ipcMain.removeListener(IPC_TO_HOST, onMessage);
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
