import { EVENT_ROLES, type EventName } from './contract';
import type { Caller } from '../room/caller';

const isEvent = (name: string): name is EventName => Object.prototype.hasOwnProperty.call(EVENT_ROLES, name);

/** May this caller subscribe to the event at all? Unknown names never. */
export function maySubscribe(caller: Caller, event: string): event is EventName {
  if (!isEvent(event)) return false;
  return caller.role === 'admin' || EVENT_ROLES[event].includes(caller.role);
}

/**
 * Does this one occurrence reach this caller? Commands go to the node they name only; a kiosk
 * hears about its own wall requests, not other kiosks'.
 */
export function receives(caller: Caller, event: string, data: unknown): boolean {
  const target = (data as { nodeId?: unknown } | null)?.nodeId;
  switch (event) {
    case 'node.command':
      return caller.nodeId !== null && caller.nodeId === target;
    case 'wallRequest.changed':
      return caller.role !== 'kiosk' || caller.nodeId === target;
    default:
      return true;
  }
}
