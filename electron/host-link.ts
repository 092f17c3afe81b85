import type { ConnectFn } from './bridge';

/**
 * Main's own in-process client of the host: the same protocol the renderers speak, over a
 * session of its own. Main asks the host for facts (role, the wall) rather than reading the
 * database, so electron/ stays thin.
 */
export interface HostLink {
  request<T = unknown>(method: string, params?: unknown): Promise<T>;
  on(event: string, listener: (data: unknown) => void): () => void;
  close(): void;
}

export class HostRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostRequestError';
  }
}

export function linkToHost(connect: ConnectFn, actor = 'electron:main'): HostLink {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const session = connect((raw) => {
    const m = raw as { type?: string; id?: number; result?: unknown; error?: { code: string; message: string }; event?: string; data?: unknown };
    if (m.type === 'response' && typeof m.id === 'number') {
      pending.get(m.id)?.resolve(m.result);
      pending.delete(m.id);
    } else if (m.type === 'error' && typeof m.id === 'number' && pending.has(m.id)) {
      pending.get(m.id)!.reject(new HostRequestError(m.error?.code ?? 'error', m.error?.message ?? 'host error'));
      pending.delete(m.id);
    } else if (m.type === 'event' && m.event) {
      for (const l of listeners.get(m.event) ?? []) l(m.data);
    }
  }, actor);

  return {
    request<T>(method: string, params: unknown = {}): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        session.receive({ type: 'request', id, method, params });
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        session.receive({ type: 'subscribe', event });
      }
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0) {
          listeners.delete(event);
          session.receive({ type: 'unsubscribe', event });
        }
      };
    },
    close() {
      session.close();
      for (const p of pending.values()) p.reject(new HostRequestError('closed', 'host link closed'));
      pending.clear();
    },
  };
}
