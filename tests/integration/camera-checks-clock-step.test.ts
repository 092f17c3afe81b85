import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraService } from '../../host/cameras/service';
import { FileSecretStore } from '../../host/sync/file-secrets';
import { makeFixture, type Fixture } from '../unit/views-fixture';

/**
 * The cameras' scheduled health checks (host/cameras/service.ts) when NTP steps the host's clock
 * back 2 h: the next round must probe every camera again (one that died after the step is found
 * down), not answer the last check's health as "checked just now" until the clock has caught up.
 */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const T0 = Date.parse('2026-03-10T03:00:00Z');
const HOUR = 3_600_000;

let fx: Fixture;
let dir: string;
let clock = T0;
let camera: Server | null = null;
let requests = 0;
let service: CameraService;

function startCamera(): Promise<number> {
  camera = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=f' });
    res.write(`--f\r\nContent-Type: image/jpeg\r\nContent-Length: ${JPEG.length}\r\n\r\n`);
    res.end(JPEG);
  });
  return new Promise((resolve) => camera!.listen(0, '127.0.0.1', () => resolve((camera!.address() as AddressInfo).port)));
}

beforeEach(() => {
  fx = makeFixture();
  dir = mkdtempSync(join(tmpdir(), 'ioc-camclock-'));
  clock = T0;
  requests = 0;
  service = new CameraService(fx.db, new FileSecretStore(join(dir, 'secrets.json')), { checkIntervalSec: 60, signalLostSec: 8 }, () => {}, () => clock);
});
afterEach(async () => {
  if (camera) {
    camera.closeAllConnections();
    await new Promise((r) => camera!.close(r));
    camera = null;
  }
  await service.stop();
  fx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('camera health rounds and a clock stepped back', () => {
  it('probes every camera again at the round after the clock stepped back 2 h', async () => {
    const port = await startCamera();
    await service.store.put({ id: 'cam-1', name: 'Ngã tư', lat: 11.55, lon: 106.85 }, [{ role: 'main', protocol: 'mjpeg', url: `http://127.0.0.1:${port}/video.mjpg` }], 'console');
    await service.checkAll();
    expect(requests).toBe(1);
    expect(service.list()[0]!.state).toBe('ok');
    clock = T0 - 2 * HOUR + 60_000; // stepped back 2 h; the next round, a minute later
    await service.checkAll();
    expect(requests).toBe(2);
  });
});
