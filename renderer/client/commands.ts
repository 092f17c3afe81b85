/**
 * Commands: the HostApi calls that change something, as TanStack mutations. One hook gives every
 * command site the same three things: `isPending` (and `variables`: which row is busy) while it
 * runs, `error` when the host refuses it, and a refresh of the queries it changed once it settles.
 * Host events refresh them too (./invalidation.ts); asking at once keeps the screen in step even
 * when the push arrives late. Refreshed after a refusal as well: a command refused halfway (an
 * import, a run of every feed) may have changed something.
 */
import { useMutation, useQueryClient, type QueryKey, type UseMutationResult } from '@tanstack/react-query';
import { HostError, type HostClient } from '../../host/api/client/HostClient';
import type { MethodName, ParamsOf, ResultOf } from '../../host/api/contract';
import { useHostClient } from './context';
import { hostQueryOf } from './invalidation';

export { failureText } from './failure-text';

/** The queries a command changes: host methods by name, or any query key test. */
export type Refreshes = readonly MethodName[] | ((key: QueryKey) => boolean);

export function useCommand<K extends MethodName>(method: K, refreshes?: Refreshes): UseMutationResult<ResultOf<K>, Error, ParamsOf<K>>;
export function useCommand<A, R>(run: (client: HostClient, args: A) => Promise<R>, refreshes?: Refreshes): UseMutationResult<R, Error, A>;
export function useCommand(what: MethodName | ((client: HostClient, args: unknown) => Promise<unknown>), refreshes: Refreshes = []) {
  const client = useHostClient();
  const qc = useQueryClient();
  const affects = typeof refreshes === 'function' ? refreshes : hostQueryOf(...refreshes);
  return useMutation({
    mutationFn: (args: unknown) => (typeof what === 'function' ? what(client, args) : client.call(what, args as never)),
    // Not awaited: the command's answer need not wait for the lists to come back.
    onSettled: () => void qc.invalidateQueries({ predicate: (q) => affects(q.queryKey) }),
  });
}

/** A command's refusal as lines for a form: every problem by path, or the message. */
export function refusalLines(e: unknown): string[] {
  return e instanceof HostError && e.issues.length ? e.issues.map((i) => `${i.path}: ${i.message}`) : [e instanceof Error ? e.message : String(e)];
}
