/**
 * App-wide providers: the HostClient, TanStack Query, and the live wiring between them (host
 * events invalidate the queries they affect: ./invalidation.ts). Also shows the connection
 * banner over whatever page is open.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { backoffDelay } from '../../base/backoff';
import { HostClientContext } from './context';
import { createHostClient } from './create';
import { wireInvalidation } from './invalidation';
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
