import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../domains/alerts';
import type { AlertList } from '../../host/api/contract/alerts';
import type { ActiveLayout, AlertRuleRecord, CapWarningList } from '../../host/api/contract';
import { configSchema } from '../../host/config/schema';
import { ConfigError, loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';
import { startSim, type Sim } from '../../tools/endpoint-sim/server';
import { ROOT } from './sync/helpers';

const run = promisify(execFile);
/** The CLI in its own process, as an operator would run it beside a running host. */
async function cli(args: string[]) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'host/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, IOC_WALL_CONFIG: '' },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

/** Resolves with the first event `pred` accepts, or fails after `ms`. */
function waitFor<T>(host: HostService, event: string, pred: (d: T) => boolean, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    const off = host.dispatcher.on(event, (_e, d) => {
      if (!pred(d as T)) return;
      clearTimeout(timer);
      off();
      resolve(d as T);
    });
  });
}

describe('alerting on the demo dataset, with the CLI beside the running host', () => {
  let dir: string;
  let host: HostService;
  const call = <T>(m: string, p: unknown = {}) => host.dispatcher.call(m, p, 'ws:test-console') as Promise<T>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-alerts-'));
    host = await startHost({ config: configSchema.parse({ server: { port: 0 } }), dataDir: dir, serveHttp: false });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises the bundled rules’ alerts at first start: an air-quality station at “Rất xấu” or worse, and overdue hotline reports', async () => {
    const open = (await call<AlertList>('alerts.list')).alerts;
    const aqi = open.filter((a) => a.rule === 'aqi-very-bad');
    expect(aqi.length).toBeGreaterThanOrEqual(1);
    expect(aqi[0]).toMatchObject({ area: '697', areaName: 'Chơn Thành', state: 'raised', severity: 'severe', takeover: 'pending', panel: 'environment' });
    // The rule fires from 201 up. The demo's smoke episode at Chơn Thành can pass 300 ("Nguy
    // hại") at the evening peak (hours 18–21 local, with stagnant air), so no upper bound: the
    // figure depends on the hour the test runs.
    expect(aqi[0]!.value).toBeGreaterThanOrEqual(201);
    expect(open.some((a) => a.rule === 'hotline-overdue' && a.state === 'raised')).toBe(true);
    // Evaluated again: nothing new while they are open.
    const again = host.services.alerts.evaluate({ all: true });
    expect(again.raised).toEqual([]);
    expect((await call<AlertList>('alerts.list')).alerts.length).toBe(open.length);
  });

  it('`ioc-wall alerts --json` lists them from another process; `alerts ack` acknowledges and the host tells every screen', async () => {
    const list = await cli(['alerts', '--json', '--data-dir', dir]);
    expect(list.err).toBe('');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as { id: number; rule: string; area: string; state: string; raisedAt: string }[];
    const target = rows.find((r) => r.rule === 'hotline-overdue')!;
    expect(target).toMatchObject({ state: 'raised', raisedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const seen = waitFor<{ raised: number }>(host, 'alerts.changed', () => true);
    const ack = await cli(['alerts', 'ack', String(target.id), '--note', 'Đã giao UBND huyện kiểm tra', '--data-dir', dir]);
    expect(ack.code).toBe(0);
    expect(ack.out).toContain(`Đã xác nhận cảnh báo ${target.id}`);
    await seen;
    const after = (await call<AlertList>('alerts.list')).alerts.find((a) => a.id === target.id)!;
    expect(after).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'cli', note: 'Đã giao UBND huyện kiểm tra' });

    // Plain text, and --all includes what is closed.
    const text = await cli(['alerts', '--all', '--data-dir', dir]);
    expect(text.out).toMatch(/Đã nhận\/acknowledged/);
    const twice = await cli(['alerts', 'ack', String(target.id), '--note', 'x', '--data-dir', dir]);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/acknowledged/);
    const noNote = await cli(['alerts', 'ack', String(target.id), '--data-dir', dir]);
    expect(noNote.code).toBe(2);
  }, 90_000);

  it('a confirmed wall action shows the emergency preset drilled to the district; manual > alert > schedule', async () => {
    const aqi = (await call<AlertList>('alerts.list')).alerts.find((a) => a.rule === 'aqi-very-bad')!;
    const before = await call<ActiveLayout>('layout.active');
    expect(before.resolution.reason).not.toBe('alert');

    const switched = waitFor<ActiveLayout>(host, 'layout.changed', (l) => l.resolution.reason === 'alert');
    await call('alerts.confirmWall', { id: aqi.id, accept: true });
    const live = await switched;
    expect(live.layout!.id).toBe('emergency');
    const panels = live.layout!.tiles.filter((t) => !['clock', 'text', 'alerts'].includes(t.panel));
    expect(panels.length).toBeGreaterThan(0);
    for (const t of panels) expect(t.options.areaId).toBe('697');

    // A manual choice wins over the alert…
    await call('preset.activate', { id: 'overview', until: 'release' });
    expect((await call<ActiveLayout>('layout.active')).resolution.reason).toBe('manual');
    // …and when it is released, the alert holds the wall again.
    await call('layout.release');
    expect((await call<ActiveLayout>('layout.active')).resolution).toMatchObject({ reason: 'alert', presetId: 'emergency' });

    // Resolved by hand: the schedule (or the default preset) is back.
    const back = waitFor<ActiveLayout>(host, 'layout.changed', (l) => l.resolution.reason !== 'alert');
    await call('alerts.resolve', { id: aqi.id, note: 'Đã dập tắt đám cháy' });
    expect((await back).resolution.reason).toMatch(/schedule|default/);
    const audit = host.db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'alert.%' ORDER BY id`).pluck().all();
    expect(audit).toEqual(expect.arrayContaining(['alert.raise', 'alert.acknowledge', 'alert.takeover.confirm', 'alert.resolve']));
  });

  it('rules are edited with every problem listed by path, in the API and in the config file', async () => {
    const err = await call('alertRules.save', { rule: { id: 'bad id', kind: 'count', domain: 'nowhere', min: 0, wall: { presetId: 'x', mode: 'sometimes' } } }).catch((e: unknown) => e);
    const issues = (err as { code: string; issues: { path: string }[] }).issues.map((i) => i.path);
    expect((err as { code: string }).code).toBe('invalid_params');
    expect(issues).toEqual(expect.arrayContaining(['id', 'name', 'domain', 'min', 'wall.mode']));
    // A key of the caller's is quoted short, in the issues and in the message, never echoed whole.
    const long = 'k'.repeat(100_000);
    const odd = (await call('alertRules.save', { rule: { id: 'x', name: 'x', kind: 'count', domain: 'hotline', min: 1, [long]: 1 } }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(odd.code).toBe('invalid_params');
    expect(JSON.stringify(odd).length).toBeLessThan(2_000);
    const unknownPreset = await call('alertRules.save', {
      rule: { id: 'aqi-very-bad', name: 'AQI', kind: 'threshold', figure: { type: 'aqi' }, op: '>=', value: 151, wall: { presetId: 'no-such-preset' } },
    }).catch((e: unknown) => e);
    expect((unknownPreset as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['wall.presetId']);

    const saved = await call<AlertRuleRecord>('alertRules.save', {
      rule: { id: 'aqi-very-bad', name: 'AQI kém', kind: 'threshold', figure: { type: 'aqi' }, op: '>=', value: 151, scope: 'province', severity: 'warning' },
    });
    expect(saved).toMatchObject({ source: 'console', overrides: true });
    const rules = await call<AlertRuleRecord[]>('alertRules.list');
    expect(rules.find((r) => r.rule.id === 'aqi-very-bad')!.rule).toMatchObject({ value: 151 });
    expect(rules.find((r) => r.rule.id === 'hotline-overdue')!.source).toBe('bundled');
    await call('alertRules.revert', { id: 'aqi-very-bad' });
    expect((await call<AlertRuleRecord[]>('alertRules.list')).find((r) => r.rule.id === 'aqi-very-bad')!.source).toBe('bundled');

    // A rule in the config file: the host refuses to start and names the place.
    const file = join(dir, 'bad-config.json');
    writeFileSync(file, JSON.stringify({ alerts: { rules: [{ id: 'quiet', name: 'Im', kind: 'silence', minutes: -1, wall: { presetId: 'emergency', until: 'never' } }] } }));
    let message = '';
    try {
      loadConfig({ file, env: {} });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/alerts\.rules\.0\.minutes/);
    expect(message).toMatch(/alerts\.rules\.0\.wall\.until/);
  });

  it('alerts.list gives the true total with a page; alerts.acknowledgeRule acknowledges a rule’s raised alerts with one note, audited', async () => {
    const open = host.db.prepare(`SELECT count(*) FROM alerts WHERE state IN ('raised', 'acknowledged')`).pluck().get() as number;
    expect(open).toBeGreaterThan(1);
    const page = await call<AlertList>('alerts.list', { limit: 1 });
    expect(page.alerts).toHaveLength(1);
    expect(page.total).toBe(open);
    const rule = host.db.prepare(`SELECT rule_id FROM alerts WHERE state = 'raised' GROUP BY rule_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;
    const raised = host.db.prepare(`SELECT count(*) FROM alerts WHERE state = 'raised' AND rule_id = ?`).pluck().get(rule) as number;
    const audits = () => host.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'alert.acknowledge'`).pluck().get() as number;
    const before = audits();
    const changed = waitFor(host, 'alerts.changed', () => true);
    const r = await call<{ acknowledged: number[] }>('alerts.acknowledgeRule', { rule, note: 'Đã giao các huyện xử lý' });
    expect(r.acknowledged).toHaveLength(raised);
    await changed;
    expect(audits() - before).toBe(raised);
    expect(host.db.prepare(`SELECT count(*) FROM alerts WHERE state = 'raised' AND rule_id = ?`).pluck().get(rule)).toBe(0);
  });
});

describe('CAP warnings and an AQI spike through the endpoint simulator', () => {
  let sim: Sim;
  let dir: string;
  let host: HostService;
  const call = <T>(m: string, p: unknown = {}) => host.dispatcher.call(m, p, 'test') as Promise<T>;

  beforeAll(async () => {
    sim = await startSim({ events: 20, now: Date.now() });
    dir = mkdtempSync(join(tmpdir(), 'ioc-alerts-sim-'));
    const feed = (id: string, domain: string, adapter: string, path: string) => ({ id, domain, adapter, url: `${sim.url}${path}`, interval: 3_600_000, retries: 0 });
    host = await startHost({
      config: configSchema.parse({
        demo: false,
        server: { port: 0 },
        feeds: [feed('warnings', 'environment', 'cap', '/cap/alerts.atom'), feed('aqi', 'environment', 'sensorthings', '/sta/v1.1')],
        alerts: {
          rules: [{ id: 'spike', name: 'Bụi mịn vượt 200', kind: 'threshold', figure: { type: 'aqi' }, op: '>=', value: 201, consecutive: 1, severity: 'severe', clearAfterMinutes: 0 }],
        },
      }),
      dataDir: dir,
      serveHttp: false,
    });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const syncNow = async (feed: string) => {
    const [r] = await host.services.sync.scheduler.runNow(feed);
    expect(r!.ok).toBe(true);
  };

  it('a CAP warning over Đồng Xoài raises the CAP rule there, is drawn with its polygon, and its Cancel clears it', async () => {
    const { identifier } = (await (await fetch(`${sim.url}/admin/scenario?kind=capWarning&district=689&headline=${encodeURIComponent('Lốc <b>mạnh</b>')}`)).json()) as { identifier: string };
    await syncNow('warnings');
    const { warnings, total } = await call<CapWarningList>('alerts.capWarnings');
    expect(total).toBe(1);
    // The square around Đồng Xoài's seat reaches over the border into Đồng Phú (real boundaries).
    expect(warnings.map((w) => [w.identifier, w.severity, w.districts])).toEqual([[identifier, 'Severe', ['689', '695']]]);
    expect(warnings[0]!.info[0]!.headline).toBe('Lốc <b>mạnh</b>');
    expect(warnings[0]!.info[0]!.areas[0]!.polygons[0]!.points).toHaveLength(5);
    const cap = (await call<AlertList>('alerts.list')).alerts.filter((a) => a.rule === 'cap-severe');
    expect(cap.map((a) => a.area).sort()).toEqual(['689', '695']);

    await fetch(`${sim.url}/admin/scenario?kind=capCancel&id=${identifier}`);
    await syncNow('warnings');
    expect(await call<CapWarningList>('alerts.capWarnings')).toEqual({ warnings: [], total: 0 });
    expect((await call<AlertList>('alerts.list')).alerts.filter((a) => a.rule === 'cap-severe')).toEqual([]);
    expect((await call<AlertList>('alerts.list', { states: ['cleared'] })).alerts.some((a) => a.rule === 'cap-severe' && a.area === '689')).toBe(true);
  });

  it('a spike past 200 is raised after the batch that brought it, and the cost of each evaluation is kept', async () => {
    await syncNow('aqi');
    expect((await call<AlertList>('alerts.list')).alerts.filter((a) => a.rule === 'spike')).toEqual([]);
    await fetch(`${sim.url}/admin/scenario?kind=aqiSpike&station=697&value=450`);
    const changed = waitFor<{ severe: number }>(host, 'alerts.changed', (d) => d.severe > 0);
    await syncNow('aqi');
    await changed;
    const spike = (await call<AlertList>('alerts.list')).alerts.filter((a) => a.rule === 'spike');
    expect(spike.map((a) => [a.area, a.state])).toEqual([['697', 'raised']]);
    expect(spike[0]!.value).toBeGreaterThan(200);
    expect(host.services.alerts.batchCosts.length).toBeGreaterThan(0);
  });
});
