import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../host/config/schema';
import { startHost, type HostService } from '../../host/service';
import type { Caller } from '../../host/room/caller';

/**
 * updates.settings is read by the console role (its red notices): the update server's address
 * reaches every console desk, so the login and token an installer wrote into it must not.
 */
let dir: string;
let host: HostService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-upd-settings-'));
  const config = configSchema.parse({ demo: false, server: { port: 0 }, updates: { url: 'https://ioc:UPD-PASS-42@updates.binhphuoc.gov.vn/ioc-wall/?token=UPD-TOKEN-9' } });
  host = await startHost({ config, dataDir: join(dir, 'data'), serveHttp: false });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('updates.settings', () => {
  it("shows a console the update server's origin and path, never its login or token", async () => {
    const desk: Caller = { role: 'console', name: 'desk-1', nodeId: 'n-desk-1' };
    const s = (await host.dispatcher.call('updates.settings', {}, desk)) as { url: string | null };
    expect(s.url).toBe('https://***@updates.binhphuoc.gov.vn/ioc-wall/?token=***');
    expect(JSON.stringify(s)).not.toMatch(/UPD-PASS-42|UPD-TOKEN-9/);
  });
});
