/**
 * The wall's active layout: 'layout.active' once, then every 'layout.changed' pushed by the
 * host is written into the same query, so a reconnect (which re-queries) and a push follow
 * one path.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { Layout, Wall } from '../../layouts/model';
import { hostKey, useHostUntyped } from '../client/hooks';
import { useHostClient } from '../client/context';
import { useEffect } from 'react';

export interface ActiveLayoutLike {
  wall: Wall;
  layout: Layout | null;
}

export function useActiveLayout() {
  const client = useHostClient();
  const qc = useQueryClient();
  const q = useHostUntyped<ActiveLayoutLike>('layout.active', {});
  useEffect(
    () =>
      client.onAny('layout.changed', (data) => {
        qc.setQueryData(hostKey('layout.active', {}), data as ActiveLayoutLike);
      }),
    [client, qc],
  );
  return q;
}
