/**
 * How the renderer reaches the host: the Electron preload bridge in the app, a WebSocket in a
 * browser. Both carry the same ClientMessage / ServerMessage protocol (host/api/contract), so
 * HostClient does not know which one it has.
 */
import type { ServerMessage } from '../../host/api/contract';
import { getToken } from './token';

import type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';

export type { ConnState, IocHostBridge, Transport } from '../../host/api/client/transport';
export { bridgeTransport } from './bridge-transport';

declare global {
  interface Window {
    iocHost?: IocHostBridge;
  }
}

export interface WsOptions {
  url: string;
  /** First retry delay; doubles per failure up to maxDelayMs, with ±25 % jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export function wsUrl(loc: Location = location, token: string | null = getToken()): string {
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${loc.host}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** host/server/ws.ts MAX_MESSAGE: a larger frame makes the host close the connection. */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;

export function webSocketTransport(opts: WsOptions): Transport {
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  let ws: WebSocket | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};

  const connect = () => {
    if (closed) return;
    stateCb(failures === 0 ? 'connecting' : 'down', {});
    const sock = new WebSocket(opts.url);
    ws = sock;
    sock.onopen = () => {
      failures = 0;
      stateCb('up', {});
    };
    sock.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return; // not ours; the host only sends JSON
      }
      msgCb(msg);
    };
    sock.onclose = () => {
      if (ws !== sock || closed) return;
      ws = null;
      failures++;
      const base = Math.min(maxDelay, minDelay * 2 ** (failures - 1));
      const delay = Math.round(base * (0.75 + Math.random() * 0.5));
      stateCb('down', { retryInMs: delay });
      timer = setTimeout(connect, delay);
    };
    // onerror is always followed by onclose; the retry lives there.
  };

  return {
    // While down, messages are dropped: HostClient re-sends its subscriptions and unanswered
    // requests on every 'up', so nothing is lost and nothing is sent twice.
    send(m) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start: connect,
    maxMessageBytes: WS_MAX_MESSAGE_BYTES,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
