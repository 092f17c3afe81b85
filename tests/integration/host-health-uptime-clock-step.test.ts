import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { startHost, type HostService } from '../../host/service';

/**
 * /healthz's uptime (host/service.ts) when NTP steps the host's clock back 2 h after it started:
 * the monitoring that reads it must see how long the host has been up, never a negative uptime.
 */
let dir: string;
let host: HostService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-host-uptime-'));
  const config = loadConfig({ env: {}, flags: { port: '0', token: 'uptime-token-0123456789', demo: false } });
  host = await startHost({ config, dataDir: join(dir, 'data'), rendererDir: null });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/healthz uptime and a clock stepped back', () => {
  it('is never negative after the clock stepped back 2 h', async () => {
    const wallClock = Date.now.bind(Date);
    const stepped = vi.spyOn(Date, 'now').mockImplementation(() => wallClock() - 2 * 3_600_000);
    try {
      const body = (await (await fetch(host.url + '/healthz')).json()) as { uptime: number };
      expect(body.uptime).toBeGreaterThanOrEqual(0);
      expect(body.uptime).toBeLessThan(600);
    } finally {
      stepped.mockRestore();
    }
  });
});
