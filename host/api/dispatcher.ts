import { METHODS, type EventName, type HostEvents, type MethodName } from './contract';
import { ApiError, invalidParams } from './errors';
import type { AnyHandler, HandlerCtx } from './handlers/types';

export type BaseCtx = Omit<HandlerCtx, 'emit' | 'actor'>;
export type EventListener = (event: string, data: unknown) => void;

export interface Dispatcher {
  /** Validates params against the contract and runs the handler; rejects with ApiError. */
  call(method: string, params: unknown, actor?: string): Promise<unknown>;
  /** Listens to one event; returns the unsubscribe function. */
  on(event: string, listener: EventListener): () => void;
  emit<E extends EventName>(event: E, data: HostEvents[E]): void;
  /** Methods that have a handler (the rest of METHODS answer 'not_implemented'). */
  readonly methods: readonly string[];
}

const SLOW_MS = Number(process.env.IOC_WALL_SLOW_MS) || 250;

const isMethod = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(METHODS, name);

/**
 * The one place requests meet handlers. The WebSocket and the Electron bridge both reach it
 * through host/api/session.ts, so validation and error shapes are the same on every channel.
 */
export function createDispatcher(base: BaseCtx, handlers: Partial<Record<string, AnyHandler>>): Dispatcher {
  const listeners = new Map<string, Set<EventListener>>();

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

  async function call(method: string, params: unknown, actor = 'unknown'): Promise<unknown> {
    if (!isMethod(method)) throw new ApiError('unknown_method', `Unknown method '${method}'.`);
    const handler = handlers[method];
    if (!handler) throw new ApiError('not_implemented', `Method '${method}' is not available in this build.`);
    const parsed = METHODS[method].params.safeParse(params === undefined ? {} : params);
    if (!parsed.success) throw invalidParams(method, parsed.error);
    const ctx: HandlerCtx = { ...base, emit, actor };
    const t0 = performance.now();
    try {
      return await (handler as (p: unknown, c: HandlerCtx) => unknown)(parsed.data, ctx);
    } finally {
      // Handlers run on the one event loop every display shares: a slow one stalls them all.
      // The validated params, never the raw ones: JSON.stringify(undefined) has no .slice, and a
      // throw here would turn the handler's result into an 'internal' error.
      const ms = performance.now() - t0;
      if (ms >= SLOW_MS) console.warn(`[host] slow request: ${method} took ${Math.round(ms)} ms (${JSON.stringify(parsed.data).slice(0, 120)})`);
    }
  }

  function on(event: string, listener: EventListener): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  return { call, on, emit, methods: Object.keys(handlers).filter((k) => handlers[k]) };
}
