/**
 * The one client of the HostApi, for renderers (over the preload bridge or a WebSocket) and for
 * Electron main (in-process, or a remote host over a WebSocket): typed requests (`call`) and
 * subscriptions (`on`) over a Transport. Requests sent while the connection is down wait and go
 * out on reconnect; subscriptions are sent again on every new connection, so a panel subscribed
 * once keeps getting `changed` after the host restarts. Every request carries a request id made
 * here, so a mutating request re-sent after a lost reply is applied once by the host. A mutating
 * request is re-sent only until MUTATION_DEADLINE_MS after the call: past it, with the connection
 * lost, it is rejected 'unconfirmed' and never sent again (an operator's press during an outage
 * must not be carried out minutes later without a word); reads wait as long as it takes.
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
import { READ_METHODS } from './reads';
import type { ConnInfo, ConnState, Transport } from './transport';

/**
 * How long after the press a mutating call may still go out (again) to the host. Past it, a call
 * whose connection was lost is rejected with code 'unconfirmed' and not re-sent; one out on a
 * connection that is still up keeps waiting for its answer, until that connection is lost.
 */
export const MUTATION_DEADLINE_MS = 15_000;

/** The words of an 'unconfirmed' rejection (the console shows a HostError's message). */
export const UNCONFIRMED_MESSAGE =
  'Mất kết nối tới máy chủ trước khi có trả lời: thao tác có thể chưa được thực hiện. Hãy kiểm tra lại rồi thử lại nếu cần. / ' +
  'The connection to the host was lost before it answered: this may not have been carried out. Check, then try again if needed.';

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
  /** A mutating call's deadline. */
  timer?: ReturnType<typeof setTimeout>;
  /** Past its deadline while out on a live connection: rejected when that connection is lost. */
  overdue?: boolean;
}

export interface HostClientOptions {
  /** MUTATION_DEADLINE_MS unless a test says otherwise. */
  mutationDeadlineMs?: number;
}

type Listener = (data: unknown) => void;

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly stateListeners = new Set<(s: ConnState, info: ConnInfo) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private everUp = false;
  state: ConnState = 'connecting';
  /** What came with the last state (a refused credential, the next try). */
  stateInfo: ConnInfo = {};
  private readonly mutationDeadlineMs: number;

  constructor(
    private readonly transport: Transport,
    opts: HostClientOptions = {},
  ) {
    this.mutationDeadlineMs = opts.mutationDeadlineMs ?? MUTATION_DEADLINE_MS;
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
      const p: Pending = { msg, resolve, reject };
      if (!READ_METHODS.has(method)) p.timer = setTimeout(() => this.pastDeadline(id), this.mutationDeadlineMs);
      this.pending.set(id, p);
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

  onState(cb: (s: ConnState, info: ConnInfo) => void): () => void {
    this.stateListeners.add(cb);
    return () => void this.stateListeners.delete(cb);
  }

  /** Called after a lost connection comes back: data may have changed meanwhile. */
  onReconnect(cb: () => void): () => void {
    this.reconnectListeners.add(cb);
    return () => void this.reconnectListeners.delete(cb);
  }

  close(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.transport.close();
  }

  /** A mutating call's deadline: given up now if its connection is lost, else when it is. */
  private pastDeadline(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    p.timer = undefined;
    if (this.state === 'up') p.overdue = true;
    else this.unconfirmed(id, p);
  }

  private unconfirmed(id: number, p: Pending): void {
    this.pending.delete(id);
    p.reject(new HostError('unconfirmed', UNCONFIRMED_MESSAGE));
  }

  private setState(s: ConnState, info: ConnInfo): void {
    const wasUp = this.everUp;
    this.state = s;
    this.stateInfo = info;
    // The connection an overdue call was out on is gone (down, or 'up' again: a new one): it is
    // not sent again.
    for (const [id, p] of this.pending) if (p.overdue) this.unconfirmed(id, p);
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
    if (p.timer) clearTimeout(p.timer);
    if (m.type === 'response') p.resolve(m.result);
    else p.reject(new HostError(m.error.code, m.error.message, m.error.issues));
  }
}
