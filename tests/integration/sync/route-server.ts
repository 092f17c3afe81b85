import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll } from 'vitest';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * One local HTTP server for a test file, playing a source's server: it answers each request by
 * its path from `routes` (404 for a path no test set), after `onRequest` has seen it. Listening on
 * 127.0.0.1 before the file's first test, closed after its last; the routes are cleared after each
 * test. `base` is its address once it listens.
 */
export function useRouteServer(onRequest?: (req: IncomingMessage) => void): { routes: Map<string, RouteHandler>; readonly base: string } {
  const routes = new Map<string, RouteHandler>();
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      onRequest?.(req);
      const h = routes.get(new URL(req.url!, 'http://x').pathname);
      if (!h) {
        res.statusCode = 404;
        return res.end();
      }
      h(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  afterEach(() => routes.clear());
  return {
    routes,
    get base() {
      return base;
    },
  };
}
