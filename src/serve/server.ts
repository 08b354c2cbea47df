/**
 * `run-experiments serve`: the results folder as a local web app, on the loopback interface only.
 *
 *   1. listen on 127.0.0.1 (never every interface), on the port asked for (0: any free one);
 *   2. refuse requests whose Host is not this server (a web page elsewhere cannot reach it
 *      through DNS rebinding);
 *   3. find the route (routes.ts): pages, JSON, live events, the drawing reader, result files;
 *   4. read the results folder afresh for each request, so a page shows what is on disk now.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { UserError } from '../errors.js';
import { sendError } from './answers.js';
import { EventHub } from './events.js';
import { serveMessages as m } from './messages.js';
import { ROUTES } from './routes.js';

export const HOST = '127.0.0.1';
export { DEFAULT_PORT } from './port.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening, ends the live streams and open connections. */
  close(): Promise<void>;
}

/** `log` hears, in one line each, the requests that failed for a reason of the server's own (a bug, a file it could not read). */
export async function startServer(root: string, port: number, log: (line: string) => void = () => {}): Promise<RunningServer> {
  const events = new EventHub();
  const server = createServer((req, res) => {
    answer(server, root, events, req, res).catch((error: unknown) => {
      log(m.internalError(req.method ?? '?', req.url ?? '?', error instanceof Error ? error.message : String(error)));
      if (!res.headersSent) sendError(res, 500, m.internalErrorPage);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UserError(error.code === 'EADDRINUSE' ? m.portInUse(port) : m.cannotListen(port, error.message))),
    );
    server.listen(port, HOST, resolve);
  });
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://${HOST}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(server: Server, root: string, events: EventHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = (server.address() as { port: number }).port;
  if (![`${HOST}:${port}`, `localhost:${port}`].includes(req.headers.host ?? '')) return sendError(res, 404, m.notFound);
  // origin-form only ("/path?query"); glued on, not resolved, so "//x" stays a path and never names a host
  if (!req.url?.startsWith('/')) return sendError(res, 404, m.notFound);
  const url = new URL(`http://${HOST}:${port}${req.url}`);
  for (const route of ROUTES) {
    const match = route.pattern.exec(url.pathname);
    if (!match) continue;
    if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) return sendError(res, 405, m.methodNotAllowed);
    let params: string[];
    try {
      params = match.slice(1).map(decodeURIComponent);
    } catch {
      return sendError(res, 404, m.notFound);
    }
    return route.handle({ root, events, req, res, url, params });
  }
  sendError(res, 404, m.notFound);
}
