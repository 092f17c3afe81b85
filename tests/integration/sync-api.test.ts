import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import type { FeedsList, FeedTryResult, FeedView } from '../../host/api/contract/sync';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';

let sim: Sim;
let dir: string;
let host: HostService;
const events: { event: string; data: unknown }[] = [];

beforeAll(async () => {
  sim = await startSim({ events: 20 });
  dir = mkdtempSync(join(tmpdir(), 'ioc-sync-api-'));
  host = await startHost({
    config: configSchema.parse({
      demo: false,
      server: { port: 0 },
      feeds: [{ id: 'hotline', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json?api_key=K-123`, interval: 3_600_000 }],
    }),
    dataDir: join(dir, 'data'),
    serveHttp: false,
  });
  for (const e of ['changed', 'feeds.changed']) host.dispatcher.on(e, (event, data) => events.push({ event, data }));
});
afterAll(async () => {
  await host.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync HostApi', () => {
  it('feeds.runNow runs a feed, emits changed + feeds.changed; feeds.list shows its state with the key masked', async () => {
    const [r] = (await host.dispatcher.call('feeds.runNow', { id: 'hotline' }, 'test')) as { ok: boolean; counts: { inserted: number } }[];
    expect(r!.ok).toBe(true);
    expect(r!.counts.inserted).toBe(20);
    expect(events.some((e) => e.event === 'changed' && (e.data as { domains: string[] }).domains.includes('hotline'))).toBe(true);
    expect(events.some((e) => e.event === 'feeds.changed')).toBe(true);
    const list = (await host.dispatcher.call('feeds.list', {}, 'test')) as FeedsList;
    const f = list.feeds[0]!;
    expect(f.url).toContain('api_key=***');
    expect(f.url).not.toContain('K-123');
    expect(f.lastSuccessAt).not.toBeNull();
    expect(f.lastCounts.inserted).toBe(20);
    expect(Date.parse(f.nextRunAt!)).toBeGreaterThan(Date.now() + 3_000_000);
    expect(list.networkDown).toBe(false);
    expect(list.outbox).toEqual({ waiting: 0, failing: 0, endpointConfigured: false });
  });

  it('feeds.save edits a feed (kept over the config file) and refuses an invalid one by path', async () => {
    const saved = (await host.dispatcher.call(
      'feeds.save',
      { feed: { id: 'hotline', name: 'Đường dây nóng', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.xml`, format: 'xml', interval: 120_000 } },
      'test',
    )) as FeedView;
    expect(saved).toMatchObject({ name: 'Đường dây nóng', interval: 120_000, edited: true });
    const list = (await host.dispatcher.call('feeds.list', {}, 'test')) as FeedsList;
    expect(list.feeds).toHaveLength(1);
    expect(list.feeds[0]!.url).toContain('.xml');
    await expect(host.dispatcher.call('feeds.save', { feed: { id: 'x', domain: 'hotline', adapter: 'ckan', url: 'http://a/b' } }, 'test')).rejects.toMatchObject({
      code: 'invalid_params',
      issues: [{ path: 'feed.mapping', message: 'a ckan feed needs a mapping' }],
    });
    await expect(host.dispatcher.call('feeds.runNow', { id: 'nope' }, 'test')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('feeds.save from the console form', () => {
  it('gets the config with secrets masked, and saving it back keeps the stored secrets', async () => {
    await host.dispatcher.call(
      'feeds.save',
      {
        feed: {
          id: 'secured',
          domain: 'hotline',
          adapter: 'open311',
          url: `${sim.url}/open311/requests.json?api_key=URLKEY-1`,
          auth: { type: 'basic', username: 'ioc', password: 'PW-SECRET-2' },
        },
      },
      'test',
    );
    const list = (await host.dispatcher.call('feeds.list', {}, 'test')) as FeedsList;
    const f = list.feeds.find((x) => x.id === 'secured')!;
    expect(JSON.stringify(f)).not.toMatch(/URLKEY-1|PW-SECRET-2/);
    // The typed password went to the secret store; the feed keeps a reference (a name, not a secret).
    expect(f.config.auth).toEqual({ type: 'basic', username: 'ioc', password: 'secret:feed.secured.password' });
    expect(await host.services.sync.secrets.get('feed.secured.password')).toBe('PW-SECRET-2');
    // The form changes the name and interval and sends everything back, masks included.
    await host.dispatcher.call('feeds.save', { feed: { ...f.config, name: 'Có bảo mật', interval: 90_000 } }, 'test');
    const row = host.db.prepare(`SELECT config FROM feeds WHERE id = 'secured'`).pluck().get() as string;
    const stored = JSON.parse(row);
    expect(stored).toMatchObject({ name: 'Có bảo mật', interval: 90_000, auth: { password: 'secret:feed.secured.password' } });
    expect(row).not.toContain('PW-SECRET-2');
    expect(stored.url).toContain('api_key=URLKEY-1');
    // A mask with nothing behind it is refused rather than stored as the password.
    await expect(
      host.dispatcher.call('feeds.save', { feed: { ...f.config, id: 'other', auth: { type: 'bearer', token: '***' } } }, 'test'),
    ).rejects.toMatchObject({ code: 'invalid_params' });
  });
});

describe('feeds added, deleted and reverted in the console', () => {
  it('a feed added in the console runs, and deleting it stops it while what it stored stays', async () => {
    const before = events.length;
    const added = (await host.dispatcher.call(
      'feeds.save',
      { feed: { id: 'added', name: 'Thêm từ bàn điều khiển', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json`, interval: 3_600_000 } },
      'test',
    )) as FeedView;
    expect(added).toMatchObject({ id: 'added', edited: true, inConfig: false });
    // "Thêm nguồn dữ liệu" never replaces a feed that has the id already, from the file or the console.
    for (const id of ['added', 'hotline']) {
      await expect(
        host.dispatcher.call('feeds.save', { create: true, feed: { id, domain: 'economy', adapter: 'sdmx', url: `${sim.url}/sdmx/data/x`, interval: 3_600_000 } }, 'test'),
      ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'feed.id', message: 'already used by a feed' }] });
    }
    expect(((await host.dispatcher.call('feeds.list', {}, 'test')) as FeedsList).feeds.find((f) => f.id === 'added')).toMatchObject({ adapter: 'open311' });
    const [run] = (await host.dispatcher.call('feeds.runNow', { id: 'added' }, 'test')) as { ok: boolean; counts: { fetched: number } }[];
    expect(run).toMatchObject({ ok: true, counts: { fetched: 20 } });
    const stored = () => host.db.prepare(`SELECT count(*) FROM events WHERE source = 'added'`).pluck().get() as number;
    expect(stored()).toBeGreaterThan(0);
    const kept = stored();

    // Only a config file's feed has a version to go back to.
    await expect(host.dispatcher.call('feeds.revert', { id: 'added' }, 'test')).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'id' }] });
    expect(await host.dispatcher.call('feeds.delete', { id: 'added' }, 'test')).toEqual({ id: 'added' });
    const list = (await host.dispatcher.call('feeds.list', {}, 'test')) as FeedsList;
    expect(list.feeds.map((f) => f.id)).not.toContain('added');
    await expect(host.dispatcher.call('feeds.runNow', { id: 'added' }, 'test')).rejects.toMatchObject({ code: 'not_found' });
    expect(stored()).toBe(kept);
    const audit = host.db.prepare(`SELECT actor, detail FROM audit_log WHERE action = 'feeds.delete'`).all();
    expect(audit).toEqual([{ actor: 'test', detail: JSON.stringify({ id: 'added' }) }]);
    expect(events.slice(before).filter((e) => e.event === 'feeds.changed').length).toBeGreaterThanOrEqual(3);
    await expect(host.dispatcher.call('feeds.delete', { id: 'added' }, 'test')).rejects.toMatchObject({ code: 'not_found' });
  });

  it("a config file's feed is not deleted but its console edit is reverted to the file's version", async () => {
    const hotline = () => ((host.dispatcher.call('feeds.list', {}, 'test') as Promise<FeedsList>).then((l) => l.feeds.find((f) => f.id === 'hotline')!));
    // Edited to XML by the first test: the console's version is in force.
    expect(await hotline()).toMatchObject({ edited: true, inConfig: true, adapter: 'open311' });
    expect((await hotline()).url).toContain('requests.xml');
    await expect(host.dispatcher.call('feeds.delete', { id: 'hotline' }, 'test')).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining('disable it instead'),
    });
    expect(await host.dispatcher.call('feeds.revert', { id: 'hotline' }, 'test')).toEqual({ id: 'hotline' });
    const back = await hotline();
    expect(back).toMatchObject({ edited: false, inConfig: true, name: null, interval: 3_600_000 });
    expect(back.url).toContain('requests.json?api_key=***');
    await expect(host.dispatcher.call('feeds.revert', { id: 'hotline' }, 'test')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('feeds.try: what a feed would store, storing nothing', () => {
  const nothingOf = (id: string) =>
    ['events', 'observations', 'quarantine'].map((t) => host.db.prepare(`SELECT count(*) FROM ${t} WHERE ${t === 'quarantine' ? 'feed_id' : 'source'} = ?`).pluck().get(id)).concat(
      host.db.prepare(`SELECT count(*) FROM feed_state WHERE feed_id = ?`).pluck().get(id),
      host.db.prepare(`SELECT count(*) FROM feeds WHERE id = ?`).pluck().get(id),
    );

  it('reads a new feed as its first run would: counts and the first records as stored, and writes nothing', async () => {
    const r = (await host.dispatcher.call(
      'feeds.try',
      { feed: { id: 'thu', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json`, auth: { type: 'bearer', token: 'TRY-TOKEN-7' } } },
      'test',
    )) as FeedTryResult;
    expect(r).toMatchObject({ ok: true, error: null, fetched: 20, records: { events: 20 }, quarantined: 0, stopped: false });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.samples).toHaveLength(3);
    for (const s of r.samples) expect(s).toMatchObject({ kind: 'events', record: { domain: 'hotline', id: expect.stringMatching(/^thu:/), title: expect.any(String) } });
    expect(nothingOf('thu')).toEqual([0, 0, 0, 0, 0]);
    // A value typed for the try is used for it, not kept anywhere.
    expect(JSON.stringify(await host.services.sync.secrets.list?.())).not.toContain('thu');
  });

  it('stops after the first records of a large source; a wrong mapping shows what it would quarantine and why', async () => {
    const big = await startSim({ events: 450 });
    try {
      const r = (await host.dispatcher.call(
        'feeds.try',
        { feed: { id: 'lon', domain: 'hotline', adapter: 'open311', url: `${big.url}/open311/requests.json`, options: { pageSize: 100 } } },
        'test',
      )) as FeedTryResult;
      expect(r).toMatchObject({ ok: true, stopped: true });
      expect(r.fetched).toBeGreaterThanOrEqual(200);
      expect(r.fetched).toBeLessThan(450);
      expect(nothingOf('lon')).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await big.close();
    }
    const wrong = (await host.dispatcher.call(
      'feeds.try',
      {
        feed: {
          id: 'sai',
          domain: 'publicAdmin',
          adapter: 'ckan',
          url: `${sim.url}/ckan/api/3/action/datastore_search`,
          mapping: { kind: 'observation', resourceId: 'bp-observations', fields: { indicator: 'indicator', areaId: 'area_id', period: 'period', value: 'no_such_field' } },
        },
      },
      'test',
    )) as FeedTryResult;
    expect(wrong.ok).toBe(true);
    expect(wrong.fetched).toBeGreaterThan(0);
    expect(wrong.quarantined).toBe(wrong.fetched);
    expect(wrong.records).toEqual({});
    expect(wrong.quarantinedItems.length).toBeGreaterThan(0);
    expect(wrong.quarantinedItems.length).toBeLessThanOrEqual(10);
    expect(wrong.quarantinedItems[0]!.reason).toMatch(/no_such_field/);
    expect(nothingOf('sai')).toEqual([0, 0, 0, 0, 0]);
  });

  it("says in plain words why a source cannot be read; refuses a mask with nothing behind it, a CA file and a second try at once", async () => {
    const down = (await host.dispatcher.call('feeds.try', { feed: { id: 'tat', domain: 'hotline', adapter: 'open311', url: 'http://127.0.0.1:9/requests.json', retries: 0, timeout: 2_000 } }, 'test')) as FeedTryResult;
    expect(down).toMatchObject({ ok: false, fetched: 0, error: { vi: expect.any(String), en: expect.any(String) } });
    expect(nothingOf('tat')).toEqual([0, 0, 0, 0, 0]);
    await expect(
      host.dispatcher.call('feeds.try', { feed: { id: 'mask', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json`, auth: { type: 'bearer', token: '***' } } }, 'test'),
    ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'feed.auth' }] });
    await expect(
      host.dispatcher.call('feeds.try', { feed: { id: 'ca', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json`, caFile: '/etc/passwd' } }, 'test'),
    ).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path: 'feed.caFile' }] });
    const feed = { id: 'hai', domain: 'hotline', adapter: 'open311', url: `${sim.url}/open311/requests.json` };
    const [first, second] = await Promise.allSettled([host.dispatcher.call('feeds.try', { feed }, 'test'), host.dispatcher.call('feeds.try', { feed }, 'test')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { ok: true } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
  });
});
