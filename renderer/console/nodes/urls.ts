/**
 * A browser display node's addresses: what each of its screens opens. The credential rides in
 * ?token= once; the page moves it to sessionStorage and out of the address bar at once
 * (renderer/client/token.ts).
 */
import type { NodeRole } from '../../../host/api/contract';

export interface NodeUrl {
  /** The wall display this address shows, for a wall node. */
  displayId: string | null;
  url: string;
}

export function browserNodeUrls(base: string, role: NodeRole, credential: string, wallDisplayIds: string[]): NodeUrl[] {
  const root = base.replace(/\/+$/, '');
  const token = encodeURIComponent(credential);
  if (role === 'wall') {
    return wallDisplayIds.map((id) => ({ displayId: id, url: `${root}/wall?display=${encodeURIComponent(id)}&token=${token}` }));
  }
  return [{ displayId: null, url: `${root}/${role}?token=${token}` }];
}

/** An address other machines could open: http(s) with a host; anything else is refused. */
export function checkHostBase(input: string): string | null {
  try {
    const u = new URL(input.trim());
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.host) return null;
    return u.origin;
  } catch {
    return null;
  }
}

export interface Enrolled {
  nodeId: string;
  role: NodeRole;
  name: string;
  credential: string;
}

/**
 * Exchanges a fresh code on this page's own host (POST /api/enroll, same origin): the console
 * enrolls a browser display for the installer, who then only opens the address on the screen.
 */
export async function enrollOnThisHost(code: string, fetchImpl: typeof fetch = fetch): Promise<Enrolled> {
  const res = await fetchImpl('/api/enroll', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await res.json().catch(() => null)) as (Partial<Enrolled> & { message?: string }) | null;
  if (!res.ok || !body?.credential || !body.nodeId || !body.role) {
    throw new Error(body?.message ?? `HTTP ${res.status}`);
  }
  return { nodeId: body.nodeId, role: body.role, name: body.name ?? '', credential: body.credential };
}
