import type { CallerRole } from '../api/contract/method';

/**
 * Who is on the other end of a session: the host's own token (admin: the console on the host,
 * scripts, the desktop app's console window; its wall and kiosk windows have their windows' roles,
 * electron/window-caller.ts) or an enrolled node with its role. Decided once when the connection
 * opens; every request of that connection is checked against it.
 */
export interface Caller {
  role: CallerRole;
  /** The enrolled node, or null for the host's own token. */
  nodeId: string | null;
  /** For people: the node's name, or where an admin session comes from ('cli', 'ipc:console'). */
  name: string;
}

export const adminCaller = (name: string): Caller => ({ role: 'admin', nodeId: null, name });

/** How a caller appears in audit rows: the node by id and name, never just an address. */
export function actorOf(caller: Caller): string {
  return caller.nodeId ? `node:${caller.nodeId} (${caller.name})` : caller.name;
}
