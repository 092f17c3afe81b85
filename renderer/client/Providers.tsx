/**
 * App-wide providers: the HostClient, TanStack Query, and the live wiring between them (host
 * events invalidate the queries they affect: ./invalidation.ts). Also shows the connection
 * banner over whatever page is open.
 */
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { HostClientContext } from './context';
import { createHostClient } from './create';
import { wireInvalidation } from './invalidation';
import { makeQueryClient } from './query-client';
import type { HostClient } from '../../host/api/client/HostClient';

/**
 * `started`: the client and query cache the page's start made before React loaded
 * (renderer/boot/start.ts), already wired to each other; without it Providers makes and
 * wires its own.
 */
export function Providers({
  children,
  client: given,
  started,
}: {
  children: ReactNode;
  client?: HostClient;
  started?: { client: HostClient; qc: QueryClient };
}) {
  const [client] = useState(() => started?.client ?? given ?? createHostClient());
  const [qc] = useState(() => started?.qc ?? makeQueryClient());
  useEffect(() => (started ? undefined : wireInvalidation(client, qc)), [client, qc, started]);
  return (
    <HostClientContext.Provider value={client}>
      <QueryClientProvider client={qc}>
        <ConnectionBanner />
        {children}
      </QueryClientProvider>
    </HostClientContext.Provider>
  );
}
