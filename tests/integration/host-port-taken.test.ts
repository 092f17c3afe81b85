import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../host/config/load';
import { startHost } from '../../host/service';

/**
 * The desktop app (all-in-one, console) starts without its LAN server when the port is taken, and
 * says so to the console (updates.settings → lanServer); `serve` still refuses to start.
 */

let dir: string;
let blocker: Server;
let port: number;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-port-'));
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  port = (blocker.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise<void>((r) => blocker.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const config = () => loadConfig({ env: {}, flags: { port: String(port), demo: false } });

describe('a taken port', () => {
  it('the app starts without the LAN server and the console is told why', async () => {
    const host = await startHost({ config: config(), dataDir: dir, rendererDir: null, lanOptional: true });
    try {
      expect(host.url).toBeNull();
      expect(host.lanServer).toEqual({ listening: false, url: null, error: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`) });
      const settings = (await host.dispatcher.call('updates.settings', {}, 'test')) as { lanServer: unknown };
      expect(settings.lanServer).toEqual(host.lanServer);
      // The host itself works: the screens of this machine are served through the bridge.
      expect(await host.dispatcher.call('host.info', {}, 'test')).toMatchObject({ role: 'all-in-one' });
    } finally {
      await host.close();
    }
  });

  it('`serve` (no lanOptional) still refuses, with the port named, and leaves nothing open', async () => {
    await expect(startHost({ config: config(), dataDir: dir, rendererDir: null })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
    // The database was closed: a second start on the same folder works.
    const again = await startHost({ config: config(), dataDir: dir, rendererDir: null, lanOptional: true });
    await again.close();
  });

  it('a free port is listened on and reported as such', async () => {
    const host = await startHost({ config: loadConfig({ env: {}, flags: { port: '0', demo: false } }), dataDir: dir, rendererDir: null, lanOptional: true });
    try {
      expect(host.lanServer).toMatchObject({ listening: true, error: null });
      expect(host.lanServer!.url).toBe(host.url);
    } finally {
      await host.close();
    }
  });
});
