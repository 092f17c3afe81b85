/**
 * The browser's WebSocket transport to the host (also what tests run in Node 22, whose global
 * WebSocket is the same WHATWG one). Reconnects with backoff; notices a host that went silent.
 */
import { backoffDelay } from '../../base/backoff';
import type { ServerMessage } from '../../host/api/contract';
import type { Transport } from '../../host/api/client/transport';

export interface WsOptions {
  url: string;
  /** First retry delay; doubles per failure up to maxDelayMs, with ±25 % jitter. */
  minDelayMs?: number;
  /**
   * The host is on the LAN: a try every few seconds costs nothing, and keeps "host back →
   * every display refreshed" within 10 s.
   */
  maxDelayMs?: number;
  /**
   * A cut cable or a host switched off closes nothing: TCP stays "open" for minutes. After this
   * long without a word from the host a probe (a host.info request) is sent...
   */
  probeAfterMs?: number;
  /** ...and a connection that has not answered it within this long is given up and retried. */
  probeTimeoutMs?: number;
  /** A connection not open within this long is given up (a host whose packets go nowhere). */
  connectTimeoutMs?: number;
}

/** host/server/ws.ts MAX_MESSAGE: a larger frame makes the host close the connection. */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;

/** The page's online/offline events (a window or a worker; absent in Node, where tests run this). */
interface NetworkEvents {
  addEventListener(type: 'online' | 'offline', cb: () => void): void;
  removeEventListener(type: 'online' | 'offline', cb: () => void): void;
}
const networkEvents = (): NetworkEvents | null => {
  const g = globalThis as Partial<NetworkEvents>;
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function' ? (g as NetworkEvents) : null;
};

/** Probes use negative ids: HostClient's own requests count up from 1, so they never meet. */
const isProbeReply = (m: ServerMessage) => m.type !== 'event' && m.id < 0;

export function webSocketTransport(opts: WsOptions): Transport {
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 4000;
  const probeAfter = opts.probeAfterMs ?? 5000;
  const probeTimeout = opts.probeTimeoutMs ?? 4000;
  const connectTimeout = opts.connectTimeoutMs ?? 8000;
  let ws: WebSocket | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let watch: ReturnType<typeof setTimeout> | null = null;
  let lastHeard = 0;
  let probeSentAt = 0;
  let probeSeq = 0;
  let closed = false;
  let stateCb: Parameters<Transport['onState']>[0] = () => {};
  let msgCb: (m: ServerMessage) => void = () => {};

  const stopWatch = () => {
    if (watch) clearTimeout(watch);
    watch = null;
  };

  const probe = (sock: WebSocket) => {
    if (sock.readyState !== WebSocket.OPEN || probeSentAt) return;
    probeSentAt = Date.now();
    sock.send(JSON.stringify({ type: 'request', id: -++probeSeq, method: 'host.info', params: {} }));
  };

  /** One timer per connection: probes a silent host, gives up on one that does not answer. */
  const arm = (sock: WebSocket, inMs: number) => {
    stopWatch();
    watch = setTimeout(() => {
      watch = null;
      if (ws !== sock) return;
      const now = Date.now();
      if (probeSentAt && now - probeSentAt >= probeTimeout) return lost(sock);
      if (!probeSentAt && now - lastHeard >= probeAfter) probe(sock);
      const next = probeSentAt ? probeSentAt + probeTimeout - now : lastHeard + probeAfter - now;
      arm(sock, Math.max(50, next));
    }, inMs);
  };

  /** The connection is gone (closed by either side, or given up on): retry with backoff. */
  const lost = (sock: WebSocket) => {
    if (ws !== sock || closed) return;
    ws = null;
    stopWatch();
    sock.onopen = sock.onmessage = sock.onclose = null;
    if (sock.readyState === WebSocket.CONNECTING || sock.readyState === WebSocket.OPEN) sock.close();
    failures++;
    const delay = backoffDelay(failures - 1, { baseMs: minDelay, capMs: maxDelay, jitter: 'spread' });
    stateCb('down', { retryInMs: delay });
    timer = setTimeout(connect, delay);
  };

  const connect = () => {
    timer = null;
    if (closed) return;
    stateCb(failures === 0 ? 'connecting' : 'down', {});
    const sock = new WebSocket(opts.url);
    ws = sock;
    probeSentAt = 0;
    watch = setTimeout(() => lost(sock), connectTimeout);
    sock.onopen = () => {
      failures = 0;
      lastHeard = Date.now();
      arm(sock, probeAfter);
      stateCb('up', {});
    };
    sock.onmessage = (ev) => {
      lastHeard = Date.now();
      probeSentAt = 0;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return; // not ours; the host only sends JSON
      }
      if (!isProbeReply(msg)) msgCb(msg);
    };
    // onerror is always followed by onclose; the retry lives there.
    sock.onclose = () => lost(sock);
  };

  // The OS says the network changed: check the connection now rather than at the next probe,
  // and retry at once when it is back instead of waiting out the backoff.
  const onOffline = () => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    probe(ws);
    arm(ws, probeTimeout);
  };
  const onOnline = () => {
    if (closed || ws || !timer) return;
    clearTimeout(timer);
    connect();
  };

  return {
    // While down, messages are dropped: HostClient re-sends its subscriptions and unanswered
    // requests on every 'up', so nothing is lost and nothing is sent twice.
    send(m) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (cb) => void (msgCb = cb),
    onState: (cb) => void (stateCb = cb),
    start() {
      networkEvents()?.addEventListener('offline', onOffline);
      networkEvents()?.addEventListener('online', onOnline);
      connect();
    },
    maxMessageBytes: WS_MAX_MESSAGE_BYTES,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stopWatch();
      networkEvents()?.removeEventListener('offline', onOffline);
      networkEvents()?.removeEventListener('online', onOnline);
      ws?.close();
    },
  };
}
