// How the host shares its one event loop between WebSocket connections (host/api/turns.ts):
//
//   npx tsx bench/api-fairness.ts [--base /path/to/other/checkout]
//
// - pipeline: 10,000 `host.info` sent at once on one connection, time until the last answer
//   (median of 15 runs); with --base (e.g. main's tree unpacked with `git archive`, with
//   `node_modules` linked) both checkouts' hosts run side by side and take turns run by run, and
//   the median of the runs' ratios is printed: what taking turns costs a client alone on the host.
// - flood: a second process sends 200,000 `host.info` on one connection, 20,000 unanswered at a
//   time (all at once, the host would drop it at 16 MB of unread answers), and reads its answers;
//   meanwhile this process asks `host.info` one at a time on another connection: that client's
//   latency (median, p90, p99, max) while the flood lasts, and how long the flood took.
//
// The hosts run in child processes, the flooder in another, so neither client's own work (parsing
// 200,000 answers) is counted as the host's delay. Not a test: it prints figures, asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const ROLE = process.env.BENCH_FAIRNESS_ROLE ?? 'main';
const TOKEN = 'bench-fairness-token-0123456789';
const PIPELINE = 10_000;
const FLOOD = Number(process.env.BENCH_FAIRNESS_FLOOD ?? 200_000);
const SELF = fileURLToPath(import.meta.url);
const HERE = resolve(SELF, '../..');

const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function child(role: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', SELF], {
    env: { ...process.env, ...env, BENCH_FAIRNESS_ROLE: role },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the first stdout line of the child that matches. */
function line(proc: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += String(d);
      const m = re.exec(out);
      if (m) {
        proc.stdout!.off('data', onData);
        ok(m);
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (c) => fail(new Error(`bench child exited ${c}`)));
  });
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api?token=${TOKEN}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  return ws;
}

/**
 * Sends `n` host.info at once, or keeping at most `window` unanswered (a client that wrote 200,000
 * before reading one would have the host drop it at 16 MB of unread answers); resolves with the ms
 * until the last answer.
 */
function pipeline(ws: WebSocket, n: number, from: number, window = n): Promise<number> {
  return new Promise((done) => {
    let sent = 0;
    let answered = 0;
    const t0 = performance.now();
    const send = () => {
      for (const end = Math.min(n, answered + window); sent < end; sent++) ws.send(`{"type":"request","id":${from + sent},"method":"host.info"}`);
    };
    const onMessage = (d: WebSocket.RawData) => {
      const m = JSON.parse(String(d)) as { type: string; id?: number };
      if (m.type === 'event' || m.id! < from || m.id! >= from + n) return;
      if (++answered === n) {
        ws.off('message', onMessage);
        done(performance.now() - t0);
      } else if (sent < n && answered % 1_000 === 0) send();
    };
    ws.on('message', onMessage);
    send();
  });
}

async function runHost(): Promise<void> {
  const base = process.env.BENCH_FAIRNESS_BASE!;
  const { startHost } = (await import(pathToFileURL(join(base, 'host/service.ts')).href)) as typeof import('../host/service');
  const { loadConfig } = (await import(pathToFileURL(join(base, 'host/config/load.ts')).href)) as typeof import('../host/config/load');
  const dir = mkdtempSync(join(tmpdir(), 'ioc-fairness-'));
  const host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
  console.log(`listening ${host.url}`);
  process.stdin.resume();
  process.stdin.once('end', () => void host.close().finally(() => (rmSync(dir, { recursive: true, force: true }), process.exit(0))));
}

async function runFlood(): Promise<void> {
  const ws = await open(process.env.BENCH_FAIRNESS_URL!);
  ws.on('close', (code, why) => {
    console.error(`flood: the host closed the connection (${code} ${String(why)})`);
    process.exit(1);
  });
  const t0 = performance.now();
  const answered = pipeline(ws, FLOOD, 1, 20_000);
  console.log('flooding');
  console.log(`done ${(await answered).toFixed(0)} ${(performance.now() - t0).toFixed(0)}`);
  ws.close();
  process.exit(0);
}

interface Host {
  name: string;
  tree: string;
  url: string;
  ws: WebSocket;
  proc: ChildProcess;
}

async function startTree(name: string, tree: string): Promise<Host> {
  const proc = child('host', { BENCH_FAIRNESS_BASE: tree });
  const url = (await line(proc, /listening (http:\/\/\S+)/))[1]!;
  const ws = await open(url);
  await pipeline(ws, 2_000, 1); // warm-up: the handler, zod and the JIT
  return { name, tree, url, ws, proc };
}

let nextId = 100_000;

/** Another client's latency, one host.info at a time, while a flooder process floods the host. */
async function flood(h: Host): Promise<{ latency: number[]; floodMs: number }> {
  const flooder = child('flood', { BENCH_FAIRNESS_URL: h.url });
  await line(flooder, /flooding/);
  const finished = line(flooder, /done (\d+)/);
  let over = false;
  void finished.then(() => (over = true));
  const latency: number[] = [];
  while (!over) {
    const my = ++nextId;
    const t = performance.now();
    await new Promise<void>((ok) => {
      const onMessage = (d: WebSocket.RawData) => {
        const m = JSON.parse(String(d)) as { type: string; id?: number };
        if (m.type !== 'event' && m.id === my) {
          h.ws.off('message', onMessage);
          ok();
        }
      };
      h.ws.on('message', onMessage);
      h.ws.send(JSON.stringify({ type: 'request', id: my, method: 'host.info' }));
    });
    if (!over) latency.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { latency, floodMs: Number((await finished)[1]) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--base');
  const base = at >= 0 && args[at + 1] ? resolve(args[at + 1]!) : null;
  const hosts: Host[] = [];
  if (base) hosts.push(await startTree('base', base));
  hosts.push(await startTree('this', HERE));
  try {
    // The hosts take turns, run by run, so a swing in the machine's load falls on both.
    const runs = new Map<Host, number[]>(hosts.map((h) => [h, []]));
    const ratios: number[] = [];
    for (let r = 0; r < 15; r++) {
      const round = new Map<Host, number>();
      for (const h of r % 2 ? [...hosts].reverse() : hosts) {
        const ms = await pipeline(h.ws, PIPELINE, (nextId += PIPELINE));
        round.set(h, ms);
        runs.get(h)!.push(ms);
      }
      if (hosts.length === 2) ratios.push(round.get(hosts[1]!)! / round.get(hosts[0]!)!);
    }
    const floods = new Map<Host, { latency: number[]; floodMs: number }[]>(hosts.map((h) => [h, []]));
    for (let r = 0; r < 2; r++) for (const h of r % 2 ? [...hosts].reverse() : hosts) floods.get(h)!.push(await flood(h));
    for (const h of hosts) {
      const lat = floods.get(h)!.flatMap((f) => f.latency);
      console.log(`${h.name} (${h.tree}):`);
      console.log(`  pipeline of ${PIPELINE} host.info on one connection: median ${percentile(runs.get(h)!, 50).toFixed(1)} ms of 15 runs`);
      console.log(
        `  another client's host.info during a ${FLOOD}-request flood: median ${percentile(lat, 50).toFixed(1)} ms, p90 ${percentile(lat, 90).toFixed(1)} ms, ` +
          `p99 ${percentile(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (${lat.length} asks); ` +
          `the flood took ${floods.get(h)!.map((f) => f.floodMs).join(' and ')} ms`,
      );
    }
    if (ratios.length) console.log(`pipeline this/base, median of the 15 runs' ratios: ${percentile(ratios, 50).toFixed(2)}`);
  } finally {
    for (const h of hosts) {
      h.ws.close();
      h.proc.stdin!.end();
    }
  }
}

if (ROLE === 'host') await runHost();
else if (ROLE === 'flood') await runFlood();
else await main();
