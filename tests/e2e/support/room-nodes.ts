import type { Served } from '../serve';

export interface EnrolledNode {
  nodeId: string;
  role: string;
  name: string;
  credential: string;
}

/** POST /api/enroll as an installer's script does; the raw response, for checking refusals too. */
export function postEnroll(base: string, code: string): Promise<Response> {
  return fetch(`${base}/api/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
}

/** A node added with the host token over the HostApi and enrolled with its one-time code. */
export async function enrollNode(s: Served, role: 'wall' | 'kiosk' | 'console', name: string): Promise<EnrolledNode> {
  const added = await s.call<{ code: string }>('nodes.add', { role, name });
  const res = await postEnroll(s.base, added.code);
  if (res.status !== 200) throw new Error(`enrolling ${name} failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrolledNode;
}
