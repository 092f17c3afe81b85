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
  // Any process on this machine may ask the port: what it sends must never throw in this
  // listener (a `GET /%` threw URIError out of it and ended the main process), nor a folder
  // swapped or removed meanwhile (ENOENT).
  const server: Server = createServer((req, res) => {
    let file: string | null = null;
    let size = 0;
    try {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
      // Listed fresh on each request: the folder is swapped whole when another bundle is applied.
      if (req.method === 'GET' && new Set(readdirSync(dir)).has(name)) {
        file = join(dir, name);
        size = statSync(file).size;
      }
    } catch {
      file = null;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
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
