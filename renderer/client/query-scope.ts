/**
 * Which queries a part of the screen uses. A wall canvas provides a scope; every data hook
 * under it records its query key while mounted. The wall's offline cache keeps exactly the
 * answers of the canvas on screen (renderer/wall/cache), not those of the hidden warm ones.
 * Outside a scope (console, kiosk) recording is a no-op.
 */
import { hashKey, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect } from 'react';

export class QueryScope {
  /** hash → number of mounted users; a hash leaves when its last user unmounts. */
  private readonly users = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  add(hash: string): () => void {
    this.users.set(hash, (this.users.get(hash) ?? 0) + 1);
    this.emit();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.users.get(hash) ?? 1) - 1;
      if (n > 0) this.users.set(hash, n);
      else this.users.delete(hash);
      this.emit();
    };
  }

  hashes(): string[] {
    return [...this.users.keys()];
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  }

  private emit(): void {
    for (const cb of this.listeners) cb();
  }
}

export const QueryScopeContext = createContext<QueryScope | null>(null);

/** Records these query keys in the enclosing scope for the component's life. */
export function useScopedKeys(keys: readonly QueryKey[]): void {
  const scope = useContext(QueryScopeContext);
  const hashes = keys.map((k) => hashKey(k));
  const dep = hashes.join('\n');
  useEffect(() => {
    if (!scope || !dep) return;
    const offs = dep.split('\n').map((h) => scope.add(h));
    return () => offs.forEach((off) => off());
  }, [scope, dep]);
}
