/**
 * The page's TanStack QueryClient settings, without React: the page's start (renderer/boot)
 * makes it before React has loaded.
 */
import { QueryClient } from '@tanstack/react-query';
import { backoffDelay } from '../../base/backoff';

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
