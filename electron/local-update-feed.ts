import { createReadStream, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * Serves the installer an applied offline bundle left in `<dataDir>/updates/local` to
 * electron-updater over 127.0.0.1, so it goes through exactly the checks an online update does:
 * the sha512 of latest*.yml, the Windows publisher names, the signed Linux metadata. Only the
 * files in that folder are served, by exact name; nothing else on the machine is reachable.
 */

export interface LocalUpdateFeed {
  url: string;
  close(): Promise<void>;
}

export async function serveLocalUpdates(dir: string): Promise<LocalUpdateFeed> {
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    // Listed fresh on each request: the folder is swapped whole when another bundle is applied.
    const files = new Set(readdirSync(dir));
    if (req.method !== 'GET' || !files.has(name)) {
      res.writeHead(404).end();
      return;
    }
    const file = join(dir, name);
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
