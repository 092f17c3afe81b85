import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the host that can stage a silent partition in-process (no network
 * namespaces): `cut()` stops forwarding in both directions without closing anything — no FIN, no
 * RST, as when a router stops forwarding or a cable is pulled — and `heal()` forwards again.
 *
 * While cut, what either side writes is held, as TCP holds unacknowledged data; on heal it is
 * delivered (TCP's retransmission getting through) unless one side gave the connection up
 * meanwhile, in which case the pair is dropped with what it held (a socket closed during a
 * partition delivers nothing once it heals). A connection opened while cut gets no answer until
 * the heal (its SYN retransmitted), then reaches the host.
 */
export interface PartitionProxy {
  /** http://127.0.0.1:PORT: give it to the node instead of the host's own URL. */
  url: string;
  cut(): void;
  heal(): void;
  /** Connections made through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Held while cut: client → host, host → client. */
  toHost: Buffer[];
  toClient: Buffer[];
  /** A side ended or failed while cut. */
  gaveUp: boolean;
  done: boolean;
}

export async function partitionProxy(hostUrl: string): Promise<PartitionProxy> {
  const target = new URL(hostUrl);
  let cut = false;
  let count = 0;
  const pairs = new Set<Pair>();

  const finish = (p: Pair) => {
    if (p.done) return;
    p.done = true;
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };
  const ended = (p: Pair) => {
    if (cut) p.gaveUp = true;
    else finish(p);
  };
  const openUpstream = (p: Pair) => {
    const up = connect(Number(target.port), target.hostname);
    p.upstream = up;
    up.on('data', (c: Buffer) => {
      if (cut) p.toClient.push(c);
      else p.client.write(c);
    });
    up.on('close', () => ended(p));
    up.on('error', () => ended(p));
    for (const c of p.toHost.splice(0)) up.write(c);
  };

  const server = createServer((client) => {
    count++;
    const p: Pair = { client, upstream: null, toHost: [], toClient: [], gaveUp: false, done: false };
    pairs.add(p);
    client.on('data', (c: Buffer) => {
      if (cut || !p.upstream) p.toHost.push(c);
      else p.upstream.write(c);
    });
    client.on('close', () => ended(p));
    client.on('error', () => ended(p));
    if (!cut) openUpstream(p);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${target.protocol}//127.0.0.1:${port}`,
    cut: () => void (cut = true),
    heal() {
      cut = false;
      for (const p of [...pairs]) {
        if (p.gaveUp) {
          finish(p);
          continue;
        }
        if (!p.upstream) {
          openUpstream(p);
          continue;
        }
        for (const c of p.toHost.splice(0)) p.upstream.write(c);
        for (const c of p.toClient.splice(0)) p.client.write(c);
      }
    },
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const p of [...pairs]) finish(p);
        server.close(() => r());
      }),
  };
}
