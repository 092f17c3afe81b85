/**
 * The one client of the HostApi, for renderers (over the preload bridge or a WebSocket) and for
 * Electron main (in-process, or a remote host over a WebSocket): typed requests (`call`) and
 * subscriptions (`on`) over a Transport. Requests sent while the connection is down wait and go
 * out on reconnect; subscriptions are sent again on every new connection, so a panel subscribed
 * once keeps getting `changed` after the host restarts. Every request carries a request id made
 * here, so a mutating request re-sent after a lost reply is applied once by the host.
 * DOM-free and Node-free: it runs in both.
 */
import type {
  ClientMessage,
  EventName,
  HostEvents,
  MethodName,
  ParamsOf,
  ResultOf,
  ServerMessage,
  ViewAnswer,
  ViewId,
  ViewQuery,
} from '../contract';
import type { ConnState, Transport } from './transport';

/** 128 random bits; getRandomValues works in every browser context, secure or not, and in Node. */
function newRequestId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'HostError';
  }
}

interface Pending {
  msg: ClientMessage & { type: 'request' };
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

type Listener = (data: unknown) => void;

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<(s: ConnState, info: { retryInMs?: number }) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private everUp = false;
  state: ConnState = 'connecting';

  constructor(private readonly transport: Transport) {
    transport.onMessage((m) => this.receive(m));
    transport.onState((s, info) => this.setState(s, info));
    transport.start();
  }

  /**
   * Call a HostApi method; rejects with HostError when the host answers with an error.
   * `view.query` answers the result type of the view asked for (`{ view: 'kpis' }` → KpisResult).
   */
  call<V extends ViewId>(method: 'view.query', params: ViewQuery<V>): Promise<ViewAnswer<V>>;
  call<K extends MethodName>(method: K, params: ParamsOf<K>): Promise<ResultOf<K>>;
  call(method: MethodName, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const msg = { type: 'request' as const, id, method, params, rid: newRequestId() };
    const max = this.transport.maxMessageBytes;
    if (max !== undefined) {
      const bytes = new TextEncoder().encode(JSON.stringify(msg)).length;
      if (bytes > max) {
        const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
        return Promise.reject(
          new HostError(
            'too_large',
            `Yêu cầu ${method} quá lớn (${mb(bytes)} MB, tối đa ${mb(max)} MB), không được gửi: hãy dùng tệp/dữ liệu nhỏ hơn / the ${method} request is too large (${mb(bytes)} MB, at most ${mb(max)} MB) and was not sent: use a smaller file or less data`,
          ),
        );
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { msg, resolve, reject });
      this.transport.send(msg);
    });
  }

  /** Subscribe to a host event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (data: HostEvents[E]) => void): () => void {
    const listener = cb as Listener;
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      this.transport.send({ type: 'subscribe', event });
    }
    set.add(listener);
    return () => {
      const s = this.listeners.get(event);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) {
        this.listeners.delete(event);
        this.transport.send({ type: 'unsubscribe', event });
      }
    };
  }

  onState(cb: (s: ConnState, info: { retryInMs?: number }) => void): () => void {
    this.stateListeners.add(cb);
    return () => void this.stateListeners.delete(cb);
  }

  /** Called after a lost connection comes back: data may have changed meanwhile. */
  onReconnect(cb: () => void): () => void {
    this.reconnectListeners.add(cb);
    return () => void this.reconnectListeners.delete(cb);
  }

  close(): void {
    this.transport.close();
  }

  private setState(s: ConnState, info: { retryInMs?: number }): void {
    const wasUp = this.everUp;
    this.state = s;
    if (s === 'up') {
      this.everUp = true;
      // A new connection knows nothing of ours: subscribe, send what is still unanswered.
      for (const event of this.listeners.keys()) this.transport.send({ type: 'subscribe', event });
      for (const p of this.pending.values()) this.transport.send(p.msg);
      if (wasUp) for (const cb of this.reconnectListeners) cb();
    }
    for (const cb of this.stateListeners) cb(s, info);
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'event') {
      for (const cb of this.listeners.get(m.event) ?? []) {
        try {
          cb(m.data);
        } catch (err) {
          console.error(`listener for ${m.event} failed`, err);
        }
      }
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === 'response') p.resolve(m.result);
    else p.reject(new HostError(m.error.code, m.error.message, m.error.issues));
  }
}
