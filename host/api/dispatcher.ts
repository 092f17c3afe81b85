import { METHODS, type EventName, type HostEvents, type MethodName } from './contract';
import { ApiError, invalidParams, quoted } from './errors';
import type { AnyHandler, HandlerCtx } from './handlers/types';
import { paramsForLog } from './log-params';
import { RecentRequests } from './recent-requests';
import { actorOf, adminCaller, type Caller } from '../room/caller';

export type BaseCtx = Omit<HandlerCtx, 'emit' | 'actor' | 'caller' | 'sessionId'>;
export type EventListener = (event: string, data: unknown) => void;

export interface CallOpts {
  /** The client's request id for a mutating request: applied once per caller. */
  rid?: string;
  /** The session the request came on (node commands and heartbeats need it). */
  sessionId?: number;
}

export interface Dispatcher {
  /**
   * Checks the caller's role, validates params against the contract and runs the handler;
   * rejects with ApiError. A string caller is the host's own code (CLI, tests): admin.
   */
  call(method: string, params: unknown, caller?: Caller | string, opts?: CallOpts): Promise<unknown>;
  /** Listens to one event; returns the unsubscribe function. */
  on(event: string, listener: EventListener): () => void;
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  /** Methods that have a handler (the rest of METHODS answer 'not_implemented'). */
  readonly methods: readonly string[];
  /** What the handlers share (the room's sessions live there). */
  readonly base: BaseCtx;
}

const SLOW_MS = Number(process.env.IOC_WALL_SLOW_MS) || 250;
/** How much of a slow request's params its log line shows: enough to tell which one it was. */
const SLOW_PARAMS_CHARS = 120;

/**
 * Warns that a handler held the event loop every display shares. Never throws: it runs after the
 * handler, whose work is done (an import committed), and a throw here would turn that success
 * into an 'internal' error. The params are what the client sent, validated but with keys the
 * schema does not read (layouts.import's file, alertRules.save) at any depth: JSON.stringify
 * throws RangeError on 20,000 levels and writes a whole 1 MB file before it is cut, so the
 * bounded writer, which stops at the length and the depth. The line goes to the service journal:
 * a method that may carry a secret shows none of its params, the others' URLs are redacted
 * (paramsForLog).
 */
function logSlow(method: MethodName, ms: number, params: unknown): void {
  try {
    console.warn(`[host] slow request: ${method} took ${Math.round(ms)} ms (${paramsForLog(method, params, SLOW_PARAMS_CHARS)})`);
  } catch {
    // Nothing to do: a log line is not worth a caller's answer.
  }
}

const isMethod = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(METHODS, name);

export function mayCall(caller: Caller, method: MethodName): boolean {
  return caller.role === 'admin' || METHODS[method].roles.includes(caller.role);
}

export function forbidden(caller: Caller, method: string): ApiError {
  return new ApiError(
    'forbidden',
    `Máy "${caller.name}" (vai trò ${caller.role}) không được phép gọi ${method} / ` +
      `"${caller.name}" (role ${caller.role}) may not call ${method}: ask an administrator to do it from the host's console.`,
  );
}

/**
 * The one place requests meet handlers. The WebSocket and the Electron bridge both reach it
 * through host/api/session.ts, so authorization, validation and error shapes are the same on
 * every channel.
 */
export function createDispatcher(base: BaseCtx, handlers: Partial<Record<string, AnyHandler>>): Dispatcher {
  const listeners = new Map<string, Set<EventListener>>();
  const recent = new RecentRequests();

  const emit: Dispatcher['emit'] = (event, data) => {
    for (const l of [...(listeners.get(event) ?? [])]) {
      // One broken listener (a closed socket) must not stop the others from hearing it.
      try {
        l(event, data);
      } catch (err) {
        console.error(`[host] listener of '${event}' failed:`, err);
      }
    }
  };

  async function call(method: string, params: unknown, who: Caller | string = 'internal', opts: CallOpts = {}): Promise<unknown> {
    const caller = typeof who === 'string' ? adminCaller(who) : who;
    // Any string a client sends may come here (a 900 KB one too): quoted short, never echoed whole.
    if (!isMethod(method)) throw new ApiError('unknown_method', `Unknown method ${quoted(method)}.`);
    const handler = handlers[method];
    if (!handler) throw new ApiError('not_implemented', `Method '${method}' is not available in this build.`);
    // Before the params: a caller without the right learns nothing about what the method takes.
    if (!mayCall(caller, method)) {
      console.warn(`[host] forbidden: ${actorOf(caller)} (role ${caller.role}) called ${method}`);
      throw forbidden(caller, method);
    }
    const parsed = METHODS[method].params.safeParse(params === undefined ? {} : params);
    if (!parsed.success) throw invalidParams(method, parsed.error);
    const ctx: HandlerCtx = { ...base, emit, actor: actorOf(caller), caller, sessionId: opts.sessionId ?? null };
    const run = async () => {
      const t0 = performance.now();
      try {
        return await (handler as (p: unknown, c: HandlerCtx) => unknown)(parsed.data, ctx);
      } finally {
        // Handlers run on the one event loop every display shares: a slow one stalls them all.
        // The validated params, never the raw ones (undefined when a client sends none).
        const ms = performance.now() - t0;
        if (ms >= SLOW_MS) logSlow(method, ms, parsed.data);
      }
    };
    // Keyed by method too: a request id replays only that method's answer, never another's
    // (a client that reuses an id for a second method would be told the first one's result).
    if (METHODS[method].mutates && opts.rid) return recent.once(`${caller.nodeId ?? `admin:${caller.name}`}\u0000${method}`, opts.rid, run);
    return run();
  }

  function on(event: string, listener: EventListener): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      // No empty sets left behind: a host that runs for months sees many sessions come and go.
      if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
    };
  }

  return { call, on, emit, base, methods: Object.keys(handlers).filter((k) => handlers[k]) };
}
