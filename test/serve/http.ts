/** Requests to a running `serve`, byte for byte as sent (a raw path is not tidied by a URL parser first). */
import { request } from 'node:http';

export interface Answer {
  status: number;
  type: string;
  body: string;
}

export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(port, 'GET', path, headers);
}

export function post(port: number, path: string, body: Uint8Array): Promise<Answer> {
  return send(port, 'POST', path, { 'content-type': 'image/png' }, body);
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Server-sent events of `path`. `next(name)` resolves at the next event of that name sent after
 * the call (call it right after the write that should cause it); `ready`, sent once at the
 * start, is kept until asked for.
 */
export function events(port: number, path: string): { next(name: string): Promise<void>; close(): void } {
  const seen: string[] = [];
  const waiting: { name: string; resolve: () => void }[] = [];
  let buffer = '';
  const req = request({ host: '127.0.0.1', port, path }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const name = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (name === undefined) continue;
        const waiter = waiting.find((w) => w.name === name);
        if (waiter) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        } else if (name === 'ready') seen.push(name);
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    next: (name) =>
      new Promise((resolve) => {
        const at = seen.indexOf(name);
        if (at !== -1) {
          seen.splice(at, 1);
          resolve();
        } else waiting.push({ name, resolve });
      }),
    close: () => req.destroy(),
  };
}
