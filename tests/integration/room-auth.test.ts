import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { METHODS, type MethodName } from '../../host/api/contract';
import { HostError } from '../../host/api/client/HostClient';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { enrollWithHost, EnrollError } from '../../host/remote/ws-transport';
import { enrolledClient, waitFor, type NodeClient } from './support/room';
import type { Wall } from '../../layouts/model';

/**
 * Who may call what, decided here once more by hand: a method added to the contract without
 * an entry in this table fails the first test, so nobody adds a method without deciding.
 * admin (the host's token) may call everything and is not listed.
 */
const ALLOWED: Record<MethodName, ('wall' | 'kiosk' | 'console')[]> = {
  'host.info': ['wall', 'kiosk', 'console'],
  'areas.list': ['wall', 'kiosk', 'console'],
  'freshness.list': ['wall', 'kiosk', 'console'],
  'observation.put': [],
  'wall.get': ['wall', 'kiosk', 'console'],
  'wall.save': [],
  'layout.active': ['wall', 'kiosk', 'console'],
  'layout.ahead': ['wall', 'kiosk', 'console'],
  'preset.list': ['console'],
  'preset.get': ['console'],
  'preset.save': ['console'],
  'preset.delete': ['console'],
  'preset.duplicate': ['console'],
  'preset.activate': ['console'],
  'playlist.start': ['console'],
  'preset.cue': ['console'],
  'layout.release': ['console'],
  'schedule.get': ['console'],
  'schedule.save': ['console'],
  'layouts.export': ['console'],
  // Its presets and schedule; a file that carries a wall only from whoever may call 'wall.save' (below).
  'layouts.import': ['console'],
  'view.query': ['wall', 'kiosk', 'console'],
  'events.search': ['console'],
  'feeds.list': ['console'],
  'feeds.runNow': ['console'],
  'feeds.save': [],
  'feeds.delete': [],
  'feeds.try': [],
  'feeds.revert': [],
  'hotline.act': ['console'],
  'outbox.list': ['console'],
  'session.whoami': ['wall', 'kiosk', 'console'],
  'nodes.list': ['console'],
  'nodes.add': [],
  'nodes.code': [],
  'nodes.revoke': [],
  'node.command': ['console'],
  'node.screenshot': ['console'],
  'node.heartbeat': ['wall', 'kiosk', 'console'],
  'node.reply': ['wall', 'kiosk', 'console'],
  'wallRequest.create': ['kiosk', 'console'],
  'wallRequest.list': ['kiosk', 'console'],
  'wallRequest.decide': ['console'],
  'secrets.list': [],
  'secrets.set': [],
  'secrets.delete': [],
  'updates.settings': ['console'],
  'bundle.verify': [],
  'bundle.apply': [],
  'storage.status': ['console'],
  'outbox.retry': ['console'],
  'outbox.discard': ['console'],
  'alerts.list': ['wall', 'kiosk', 'console'],
  'alerts.capWarnings': ['wall', 'kiosk', 'console'],
  'alerts.acknowledge': ['console'],
  'alerts.acknowledgeRule': ['console'],
  'alerts.resolve': ['console'],
  'alerts.confirmWall': ['console'],
  'alertRules.list': ['console'],
  'holidays.list': ['console'],
  'alertRules.save': [],
  'alertRules.delete': [],
  'alertRules.revert': [],
  'cameras.list': ['wall', 'kiosk', 'console'],
  'cameras.check': ['wall', 'kiosk', 'console'],
  'cameras.add': [],
  'cameras.remove': [],
};

let dir: string;
let host: HostService;
const clients: NodeClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-room-'));
  host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function as(role: 'wall' | 'kiosk' | 'console', name = `${role} test`): Promise<NodeClient> {
  const c = await enrolledClient(host, role, name);
  clients.push(c);
  return c;
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof HostError ? e.code : String(e)),
  );

describe('authorization by role', () => {
  it('the table names every method of the contract, and only those', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(METHODS).sort());
    for (const [m, roles] of Object.entries(ALLOWED)) expect([...METHODS[m as MethodName].roles].sort(), m).toEqual([...roles].sort());
  });

  it('every method × role over real WebSockets: forbidden exactly where the table says', async () => {
    // Each refusal is logged by the host (as it should be); here they are the expected outcome.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const byRole = { wall: await as('wall'), kiosk: await as('kiosk'), console: await as('console') };
    const wrong: string[] = [];
    for (const method of Object.keys(METHODS) as MethodName[]) {
      for (const role of ['wall', 'kiosk', 'console'] as const) {
        // Params that fail validation: an allowed call then answers invalid_params and changes
        // nothing, a refused one answers forbidden before its params are even looked at.
        const code = await codeOf(byRole[role].client.call(method, { __bad: { deeply: ['x'] }, id: 42, domain: 7, role: 'x', layout: 1, feed: 1 } as never));
        const allowed = ALLOWED[method].includes(role);
        if (allowed ? code === 'forbidden' : code !== 'forbidden') wrong.push(`${role} → ${method}: ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a refusal says who and what in Vietnamese and English; a wall cannot delete a preset', async () => {
    const wall = await as('wall', 'Tường phòng họp');
    const err = await wall.client.call('preset.delete', { id: 'overview' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).code).toBe('forbidden');
    expect((err as HostError).message).toMatch(/không được phép gọi preset\.delete/);
    expect((err as HostError).message).toMatch(/may not call preset\.delete/);
    expect((await host.dispatcher.call('preset.list', {}, 'test')) as unknown[]).not.toHaveLength(0);
  });

  it('a console may not change the wall with a layouts file either: one that carries a wall is refused whole, as wall.save is', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const desk = await as('console', 'Bàn trực 3');
    const admin = <T>(m: string, p: unknown = {}) => host.dispatcher.call(m, p, 'test') as Promise<T>;
    const before = await admin<Wall>('wall.get');
    const file = await admin<{ wall: Wall }>('layouts.export', {});
    // The auditor's file: the wall with other displays, and nothing else that could be refused.
    const theirs = { ...file, presets: [], wall: { ...file.wall, name: 'Đổi từ bàn trực', displays: file.wall.displays.map((d) => ({ ...d, width: 320, height: 240 })) } };
    expect(await codeOf(desk.client.call('wall.save', { wall: theirs.wall }))).toBe('forbidden');
    // As an object and as JSON text (parsed on the host): the same refusal, before anything changes.
    for (const params of [{ file: theirs }, { file: JSON.stringify(theirs) }]) {
      const err = await desk.client.call('layouts.import', params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostError);
      expect((err as HostError).code).toBe('forbidden');
      // What happened and what to do, Vietnamese first: ask an administrator, or leave the wall out.
      expect((err as HostError).message).toMatch(/^Tệp không được nhập.*chỉ quản trị viên.*quản trị viên nhập tệp.*wall: false.* \/ The file was not imported.*only an administrator.*Ask an administrator.*wall: false/);
      expect((err as HostError).issues).toEqual([{ path: 'wall', message: expect.stringMatching(/only an administrator/) }]);
    }
    expect(await admin('wall.get')).toEqual(before);
    // Without its wall the same file comes in: its presets and schedule, on the wall as it is.
    expect(await desk.client.call('layouts.import', { file: theirs, wall: false })).toEqual({ wall: false, presets: 0, schedule: true });
    expect(await admin('wall.get')).toEqual(before);
  });

  it('events: a wall cannot subscribe to the node list; nobody can subscribe to a made-up event', async () => {
    const wall = await as('wall');
    const errors: string[] = [];
    const raw = wall.client as unknown as { receive(m: unknown): void };
    const orig = raw.receive.bind(raw);
    raw.receive = (m: unknown) => {
      const e = m as { type: string; error?: { code: string } };
      if (e.type === 'error' && e.error) errors.push(e.error.code);
      orig(m);
    };
    wall.client.on('nodes.changed', () => {});
    // A name outside HostEvents, as a modified client could send it.
    wall.client.on('made.up' as never, () => {});
    await waitFor(() => errors.length >= 2, 'two refusals');
    expect(errors).toEqual(['forbidden', 'forbidden']);
  });

  it('session.whoami tells a page which node it runs as (admin for the host token)', async () => {
    const kiosk = await as('kiosk', 'Kiosk Chủ tịch');
    expect(await kiosk.client.call('session.whoami', {})).toEqual({ role: 'kiosk', nodeId: kiosk.nodeId, name: 'Kiosk Chủ tịch' });
    expect(await host.dispatcher.call('session.whoami', {}, 'test')).toMatchObject({ role: 'admin', nodeId: null });
  });

  it('audit rows name the node by id and name', async () => {
    const desk = await as('console', 'Bàn trực 2');
    await desk.client.call('layout.release', {});
    const row = host.db.prepare(`SELECT actor FROM audit_log WHERE action = 'layout.release' ORDER BY id DESC LIMIT 1`).get() as { actor: string };
    expect(row.actor).toBe(`node:${desk.nodeId} (Bàn trực 2)`);
  });
});

describe('enrollment', () => {
  it('a code works once; a used, wrong or expired code gets 401 with words', async () => {
    const added = (await host.dispatcher.call('nodes.add', { role: 'kiosk', name: 'Kiosk UBND' }, 'test')) as { code: string; expiresAt: string };
    expect(added.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(Date.parse(added.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const first = await enrollWithHost(host.url!, added.code.toLowerCase().replace('-', ' '));
    expect(first).toMatchObject({ role: 'kiosk', name: 'Kiosk UBND' });
    expect(first.credential.length).toBeGreaterThanOrEqual(40);
    const again = await enrollWithHost(host.url!, added.code).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(EnrollError);
    expect((again as EnrollError).status).toBe(401);
    expect((again as EnrollError).message).toMatch(/hết hạn.*expired/s);
    // Only a hash of the credential is kept.
    const stored = host.db.prepare(`SELECT credential_hash FROM nodes WHERE id = ?`).pluck().get(first.nodeId) as string;
    expect(stored).not.toContain(first.credential);
  });
});

describe('revocation', () => {
  it("closes the node's open connections within 2 s and refuses it afterwards", async () => {
    const wall = await as('wall', 'Tường cũ');
    await wall.client.call('host.info', {});
    expect(host.room.connections(wall.nodeId)).toBe(1);
    const t0 = Date.now();
    const r = (await host.dispatcher.call('nodes.revoke', { id: wall.nodeId }, 'test')) as { closed: number };
    expect(r.closed).toBe(1);
    await waitFor(() => wall.states.includes('down'), 'the connection to drop', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    await waitFor(() => wall.refused >= 2, 'the reconnect to be refused', 5000);
    expect(host.room.connections(wall.nodeId)).toBe(0);
  });
});

describe('a request is never applied twice', () => {
  it('a mutating request re-sent after a dropped reply is applied once and answered with the first result', async () => {
    const desk = await as('console', 'Bàn trực 1');
    const before = host.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'wallRequest.create'`).pluck().get() as number;
    // The host does the work, but its reply is lost: the client drops the first answer it gets,
    // then the connection goes. HostClient re-sends the unanswered request, with the same
    // request id, when it reconnects.
    const raw = desk.client as unknown as { receive(m: unknown): void; transport: { send(m: unknown): void } };
    const sent: unknown[] = [];
    const send = raw.transport.send.bind(raw.transport);
    raw.transport.send = (m: unknown) => {
      sent.push(m);
      send(m);
    };
    const receive = raw.receive.bind(raw);
    let dropped = 0;
    raw.receive = (m: unknown) => {
      if ((m as { type: string }).type === 'response' && dropped === 0) {
        dropped++;
        return;
      }
      receive(m);
    };
    const count = () => host.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'wallRequest.create'`).pluck().get() as number;
    const p = desk.client.call('wallRequest.create', { domain: 'health', note: 'Y tế' });
    await waitFor(() => dropped === 1 && count() === before + 1, 'the work done and its reply lost');
    host.room.closeNode(desk.nodeId);
    const result = await p;
    const requests = sent.filter((m) => (m as { type: string }).type === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(requests.map((m) => (m as { rid: string }).rid)).size).toBe(1);
    expect(count() - before).toBe(1);
    const stored = host.db.prepare(`SELECT id FROM wall_requests WHERE note = 'Y tế'`).pluck().all();
    expect(stored).toEqual([result.id]);
    expect(result.state).toBe('pending');
  });

  it('the dispatcher answers a repeated request id with the first result without running it again', async () => {
    const desk = { role: 'console' as const, nodeId: 'n-test', name: 'x' };
    const a = await host.dispatcher.call('wallRequest.create', { domain: 'land' }, desk, { rid: 'r-1' });
    const b = await host.dispatcher.call('wallRequest.create', { domain: 'land' }, desk, { rid: 'r-1' });
    expect(b).toBe(a);
    const c = await host.dispatcher.call('wallRequest.create', { domain: 'land' }, desk, { rid: 'r-2' });
    expect((c as { id: string }).id).not.toBe((a as { id: string }).id);
  });
});

describe('enrollment attempts', () => {
  it('more than 10 failures a minute from one address get 429, and the right code too then waits', async () => {
    // A host of its own: the other tests' enrollments come from the same address.
    const h = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: join(dir, 'limit'), rendererDir: null });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push(await enrollWithHost(h.url!, 'AAAA-AAAA').then(() => 200, (e: EnrollError) => e.status));
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      const added = (await h.dispatcher.call('nodes.add', { role: 'wall', name: 'w' }, 'test')) as { code: string };
      const blocked = await enrollWithHost(h.url!, added.code).catch((e: EnrollError) => e);
      expect(blocked).toMatchObject({ status: 429 });
      expect((blocked as EnrollError).message).toMatch(/thử lại sau \d+ giây/);
    } finally {
      await h.close();
    }
  });
});
