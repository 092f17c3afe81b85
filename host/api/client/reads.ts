import type { MethodName } from '../contract';

/**
 * The HostApi methods that change nothing (`mutates: false` in host/api/contract). HostClient
 * takes the contract as types only, so it keeps their names here: a read is re-sent on every
 * reconnect for as long as it takes, a change only until its deadline (HostClient
 * MUTATION_DEADLINE_MS). tests/unit/api/host-client-deadline.test.ts keeps this list equal to the
 * contract's; a method missing here is treated as a change, the safe side.
 */
export const READ_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'host.info',
  'areas.list',
  'freshness.list',
  'wall.get',
  'layout.active',
  'layout.ahead',
  'preset.list',
  'preset.get',
  'schedule.get',
  'layouts.export',
  'view.query',
  'events.search',
  'feeds.list',
  'outbox.list',
  'session.whoami',
  'nodes.list',
  'node.command',
  'node.screenshot',
  'node.heartbeat',
  'node.reply',
  'wallRequest.list',
  'secrets.list',
  'updates.settings',
  'bundle.verify',
  'storage.status',
  'alerts.list',
  'alerts.capWarnings',
  'alertRules.list',
  'holidays.list',
  'cameras.list',
  'cameras.check',
]);
