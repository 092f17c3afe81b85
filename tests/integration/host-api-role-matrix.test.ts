// Every method of the contract called by every node role that may not call it, with params its
// schema accepts (so the refusal is the role's, not the params'), naming things that exist: each
// must answer 'forbidden' and change nothing — not a row of the database, not an event. The
// matrix comes from the contract (METHODS[…].roles); room-auth.test.ts checks that table by hand.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import { EVENT_ROLES, METHODS, type MethodName } from '../../host/api/contract';
import { HostError } from '../../host/api/client/HostClient';
import { loadConfig } from '../../host/config/load';
import { Random } from '../../host/demo/random';
import { startHost, type HostService } from '../../host/service';
import { enrolledClient, type NodeClient } from './support/room';
import { ZodSampler } from './support/zod-sample';

const TOKEN = 'integration-token-0123456789';
const ROLES = ['wall', 'kiosk', 'console'] as const;
/** Params tried per refused pair: several shapes the schema accepts. */
const TRIES = 3;

let dir: string;
let host: HostService;
const clients: NodeClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-matrix-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', token: TOKEN, demo: true } }), dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table, hashed: any write shows. */
function databaseHash(): string {
  const db = host.dispatcher.base.db;
  const h = createHash('sha256');
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
    h.update(name);
    for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().iterate()) h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
  }
  return h.digest('hex');
}

describe('every method × every role that may not call it', () => {
  it('answers forbidden to params the schema accepts, and changes no row and sends no event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const byRole = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await enrolledClient(host, r, `${r} matrix`)] as const))) as Record<(typeof ROLES)[number], NodeClient>;
    clients.push(...Object.values(byRole));
    await Promise.all(Object.values(byRole).map((c) => c.client.call('session.whoami', {})));

    // An admin listening to every event: a refused call must make none.
    const events: string[] = [];
    const admin = new WebSocket(host.url!.replace('http', 'ws') + `/api?token=${TOKEN}`);
    await new Promise((r, j) => (admin.once('open', r), admin.once('error', j)));
    onTestFinished(() => admin.close());
    admin.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; event?: string };
      if (m.type === 'event') events.push(m.event!);
    });
    for (const event of Object.keys(EVENT_ROLES)) admin.send(JSON.stringify({ type: 'subscribe', event }));

    // Ids that exist (presets, rules, nodes, feeds, alerts): the params name real things.
    const sampler = new ZodSampler(new Random(0x5afe));
    for (const m of ['preset.list', 'alertRules.list', 'nodes.list', 'feeds.list', 'alerts.list', 'cameras.list', 'wallRequest.list', 'outbox.list', 'secrets.list']) {
      sampler.learn(await host.dispatcher.call(m, {}, 'test').catch(() => null));
    }
    const before = databaseHash();

    const wrong: string[] = [];
    let refused = 0;
    let withAccepted = 0;
    for (const method of Object.keys(METHODS) as MethodName[]) {
      const schema = METHODS[method].params;
      const accepted: unknown[] = [];
      for (let i = 0; i < 200 && accepted.length < TRIES; i++) {
        const p = JSON.parse(JSON.stringify(sampler.valid(schema) ?? {})) as unknown;
        if (schema.safeParse(p).success) accepted.push(p);
      }
      if (accepted.length === 0) accepted.push({});
      else withAccepted++;
      for (const role of ROLES) {
        if ((METHODS[method].roles as readonly string[]).includes(role)) continue;
        for (const params of accepted) {
          const code = await byRole[role].client.call(method, params as never).then(
            () => 'ok',
            (e: unknown) => (e instanceof HostError ? e.code : String(e)),
          );
          if (code !== 'forbidden') wrong.push(`${role} → ${method}: ${code} (${JSON.stringify(params).slice(0, 120)})`);
          else refused++;
        }
      }
    }
    // One allowed call after the refusals: its answer comes after any event they could have made.
    await byRole.console.client.call('host.info', {});
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(100);
    // Nearly every method got params its schema takes (a few need a shape the sampler rarely builds).
    expect(withAccepted).toBeGreaterThan(Object.keys(METHODS).length * 0.8);
    expect(databaseHash()).toBe(before);
    // The three nodes connecting announce themselves (nodes.changed, at most once a second); a
    // refused nodes.add or revoke would show in the database.
    expect(events.filter((e) => e !== 'nodes.changed')).toEqual([]);
  }, 30_000);
});
