import { HostClient } from '../../../host/api/client/HostClient';
import type { ConnState } from '../../../host/api/client/transport';
import { enrollWithHost, nodeWebSocketTransport } from '../../../host/remote/ws-transport';
import type { HostService } from '../../../host/service';

/** Waits for a condition with a deadline, polling: tests never sleep a fixed time. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface NodeClient {
  client: HostClient;
  nodeId: string;
  credential: string;
  states: ConnState[];
  refused: number;
  close(): void;
}

/** Adds a node on the host, enrolls it over HTTP(S) and connects a HostClient with its credential. */
export async function enrolledClient(host: HostService, role: 'wall' | 'kiosk' | 'console', name: string, ca?: string): Promise<NodeClient> {
  const added = (await host.dispatcher.call('nodes.add', { role, name }, 'test')) as { code: string };
  const enrolled = await enrollWithHost(host.url!, added.code, { ca });
  return connectNode(host.url!, enrolled.credential, enrolled.nodeId, ca);
}

export function connectNode(url: string, credential: string, nodeId: string, ca?: string): NodeClient {
  const states: ConnState[] = [];
  const out: NodeClient = {
    client: null as never,
    nodeId,
    credential,
    states,
    refused: 0,
    close: () => out.client.close(),
  };
  const transport = nodeWebSocketTransport({ url, credential, ca, minDelayMs: 50, maxDelayMs: 200, onRefused: () => void out.refused++ });
  transport.onState((s) => states.push(s));
  out.client = new HostClient(transport);
  out.client.onState((s) => states.push(s));
  return out;
}
