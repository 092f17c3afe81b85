/**
 * The wall's active layout: 'layout.active' once, then every 'layout.changed' pushed by the
 * host is written into the same query, so a reconnect (which re-queries) and a push follow
 * one path.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ActiveLayout } from '../../host/api/contract';
import { useHostClient } from '../client/context';
import { hostKey, useHost } from '../client/hooks';

export type ActiveLayoutLike = Pick<ActiveLayout, 'wall' | 'layout'>;

export function useActiveLayout() {
  const client = useHostClient();
  const qc = useQueryClient();
  const q = useHost('layout.active', {});
  useEffect(
    () => client.on('layout.changed', (data) => qc.setQueryData<ActiveLayout>(hostKey('layout.active', {}), data)),
    [client, qc],
  );
  return q;
}
