import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRuleSchema, BUNDLED_ALERT_RULES, type AlertRuleInput } from '../../domains/alerts';
import { evaluateRule, type EvalContext } from '../../host/alerts/evaluate';
import { applyFindings, listAlerts } from '../../host/alerts/lifecycle';
import { CameraService } from '../../host/cameras/service';
import { configSchema } from '../../host/config/schema';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { makeFixture, type Fixture } from '../unit/views-fixture';

/**
 * The camera.down alert rule against the host's real health checks: a real HTTP MJPEG camera
 * on 127.0.0.1 that goes away and comes back on the same port, the camera service's clock and
 * the rule's clock set by the test. Raised only once the camera has been down for the rule's
 * minutes, cleared when the check finds it up again, audited as every alert.
 */

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const config = configSchema.parse({});
const T0 = new Date('2026-03-10T03:00:00Z').getTime();
const at = (min: number) => new Date(T0 + min * 60_000);

let fx: Fixture;
let dir: string;
let clock = T0;
let camera: Server | null = null;
let service: CameraService;

/** An MJPEG camera: one whole JPEG in a multipart answer, enough for the health probe. */
function startCamera(port = 0): Promise<number> {
  camera = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
    res.write(`--f\r\nContent-Type: image/jpeg\r\nContent-Length: ${JPEG.length}\r\n\r\n`);
    res.end(JPEG);
  });
  return new Promise((resolve) => camera!.listen(port, '127.0.0.1', () => resolve((camera!.address() as AddressInfo).port)));
}
function stopCamera(): Promise<void> {
  const c = camera!;
  camera = null;
  c.closeAllConnections();
  return new Promise((r) => c.close(() => r()));
}

beforeEach(() => {
  fx = makeFixture();
  dir = mkdtempSync(join(tmpdir(), 'ioc-camalert-'));
  clock = T0;
  service = new CameraService(fx.db, new FileSecretStore(join(dir, 'secrets.json')), { checkIntervalSec: 60, signalLostSec: 8 }, () => {}, () => clock);
});
afterEach(async () => {
  if (camera) await stopCamera();
  await service.stop();
  fx.close();
  rmSync(dir, { recursive: true, force: true });
});

const rule = (r: Partial<AlertRuleInput> = {}) => alertRuleSchema.parse({ id: 'cam-down', name: 'Camera mất tín hiệu', kind: 'camera.down', scope: 'province', clearAfterMinutes: 0, ...r });
const ctx = (now: Date): EvalContext => ({ db: fx.db, config, now, startedAt: new Date(T0), memo: new Map(), cameras: service });
const step = (r: ReturnType<typeof rule>, now: Date) => fx.db.transaction(() => applyFindings(fx.db, r, evaluateRule(ctx(now), r), now))();
const audited = (action: string) => fx.db.prepare(`SELECT count(*) FROM audit_log WHERE action = ?`).pluck().get(action) as number;
async function checkAt(min: number) {
  clock = at(min).getTime();
  await service.checkAll();
}

describe('camera.down alert rule', () => {
  it('is a rule kind with a 5-minute default, and a bundled rule watches every camera', () => {
    expect(rule()).toMatchObject({ kind: 'camera.down', minutes: 5, cameras: [] });
    expect(() => rule({ minutes: 0 })).toThrow(/≥ 1/);
    expect(alertRuleSchema.safeParse({ id: 'x', name: 'x', kind: 'camera.up' }).error?.issues[0]?.message).toMatch(/camera\.down/);
    expect(BUNDLED_ALERT_RULES.find((r) => r.kind === 'camera.down')).toMatchObject({ id: 'camera-down', minutes: 5 });
  });

  it('raises after the camera has been down for the threshold, clears when it is back, and audits both', async () => {
    const port = await startCamera();
    // Inside Đồng Xoài (the fixture's district 689): a district-scoped rule names it.
    await service.store.put({ id: 'cam-dx', name: 'Ngã tư Đồng Xoài', lat: 11.55, lon: 106.85 }, [{ role: 'main', protocol: 'mjpeg', url: `http://127.0.0.1:${port}/video.mjpg` }], 'console');
    const province = rule();
    const district = rule({ id: 'cam-down-d', scope: 'district' });
    const other = rule({ id: 'cam-down-other', cameras: ['cam-elsewhere'] });

    await checkAt(0);
    expect(service.list()[0]!.state).toBe('ok');
    expect(step(province, at(0)).raised).toEqual([]);

    // The camera goes away: the next check finds it down, but not for long yet.
    await stopCamera();
    await checkAt(1);
    expect(service.list()[0]).toMatchObject({ state: 'down', error: expect.any(String) });
    await checkAt(2);
    for (const m of [2, 5]) expect(step(province, at(m)).raised).toEqual([]);

    // Down since minute 1: at minute 6 it has been five minutes.
    const [id] = step(province, at(6)).raised;
    expect(id).toBeDefined();
    expect(step(district, at(6)).raised).toHaveLength(1);
    expect(step(other, at(6)).raised).toEqual([]);
    const open = listAlerts(fx.db);
    expect(open.map((a) => [a.rule, a.area, a.kind, a.state, a.value])).toEqual(
      expect.arrayContaining([
        ['cam-down', '70', 'camera.down', 'raised', 5],
        ['cam-down-d', '689', 'camera.down', 'raised', 5],
      ]),
    );
    const detail = open.find((a) => a.rule === 'cam-down')!.detail as { cameras: { camera: string; name: string; downSince: string; error: string }[] };
    expect(detail.cameras).toEqual([expect.objectContaining({ camera: 'cam-dx', name: 'Ngã tư Đồng Xoài', downSince: at(1).toISOString(), error: expect.any(String) })]);
    // Still down: kept, its figure follows, nothing raised twice.
    expect(step(province, at(8))).toMatchObject({ raised: [], cleared: [] });
    expect(listAlerts(fx.db).find((a) => a.rule === 'cam-down')!.value).toBe(7);

    // Back on the same address: the next check finds it up, and the alert clears.
    await startCamera(port);
    await checkAt(9);
    expect(service.list()[0]!.state).toBe('ok');
    expect(step(province, at(9)).cleared).toEqual([id]);
    expect(listAlerts(fx.db, { states: ['cleared'] }).map((a) => a.rule)).toContain('cam-down');
    expect(audited('alert.raise')).toBe(2);
    expect(audited('alert.clear')).toBe(1);

    // Down again: the clock of "down since" starts over, nothing before five more minutes.
    await stopCamera();
    await checkAt(10);
    expect(step(province, at(14)).raised).toEqual([]);
    expect(step(province, at(15)).raised).toHaveLength(1);
  });

  it('a removed camera takes its finding with it', async () => {
    await service.store.put({ id: 'cam-gone', name: 'Cổng', lat: 11.55, lon: 106.85 }, [{ role: 'main', protocol: 'mjpeg', url: 'http://127.0.0.1:9/none' }], 'console');
    await checkAt(0);
    expect(service.down().map((d) => d.camera.id)).toEqual(['cam-gone']);
    expect(step(rule({ minutes: 1 }), at(2)).raised).toHaveLength(1);
    await service.store.remove('cam-gone');
    await checkAt(3);
    expect(service.down()).toEqual([]);
    expect(step(rule({ minutes: 1 }), at(3)).cleared).toHaveLength(1);
  });
});
