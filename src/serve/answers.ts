/** The ways the server answers: a page, JSON, a file, a 404; every answer says not to sniff its type. */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function sendHtml(res: ServerResponse, html: string, status = 200): void {
  send(res, status, 'text/html; charset=utf-8', html);
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, 'text/plain; charset=utf-8', `${message}\n`);
}

/** A file from the results folder: its own type, and never allowed to run scripts (an SVG could hold one). */
export function sendResultFile(res: ServerResponse, path: string): void {
  streamFile(res, path, TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox",
  });
}

export function streamFile(res: ServerResponse, path: string, type: string, headers: Record<string, string> = {}): void {
  const stream = createReadStream(path);
  stream.once('open', () => {
    res.writeHead(200, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', ...headers });
    stream.pipe(res);
  });
  stream.once('error', () => {
    if (!res.headersSent) sendError(res, 404, 'not found');
    else res.destroy();
  });
}

/** The request's body, or null when it is longer than `max` bytes. */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
