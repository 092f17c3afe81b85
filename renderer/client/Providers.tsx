/**
 * App-wide providers: the HostClient, TanStack Query, and the live wiring between them —
 * `changed {domains}` invalidates those domains' views and the freshness list; a reconnect
 * invalidates everything (the host may have changed while we were away). Also shows the
 * connection banner over whatever page is open.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { backoffDelay } from '../../base/backoff';
import { HostClientContext } from './context';
import { createHostClient } from './create';
import type { HostClient } from '../../host/api/client/HostClient';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity, // the host tells us when data changes
        gcTime: 10 * 60_000,
        retry: 3,
        retryDelay: (n) => backoffDelay(n, { baseMs: 500, capMs: 8000, jitter: 'none' }),
        refetchOnWindowFocus: false,
        refetchOnReconnect: false, // navigator.onLine says nothing about a LAN host
      },
    },
  });
}

export function wireInvalidation(client: HostClient, qc: QueryClient): () => void {
  const offChanged = client.on('changed', ({ domains }) => {
    const set = new Set<string>(domains);
    void qc.invalidateQueries({
      predicate: (q) =>
        (q.queryKey[0] === 'view' && set.has(String(q.queryKey[1]))) ||
        (q.queryKey[0] === 'host' && q.queryKey[1] === 'freshness.list'),
    });
  });
  const offReconnect = client.onReconnect(() => void qc.invalidateQueries());
  return () => {
    offChanged();
    offReconnect();
  };
}

export function Providers({ children, client: given }: { children: ReactNode; client?: HostClient }) {
  const [client] = useState(() => given ?? createHostClient());
  const [qc] = useState(makeQueryClient);
  useEffect(() => wireInvalidation(client, qc), [client, qc]);
  return (
    <HostClientContext.Provider value={client}>
      <QueryClientProvider client={qc}>
        <ConnectionBanner />
        {children}
      </QueryClientProvider>
    </HostClientContext.Provider>
  );
}
