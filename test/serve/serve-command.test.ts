// `run-experiments serve`: started through the built command line, as a user runs it; refused in this process.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveMessages as m } from '../../src/serve/messages.js';
import { root, start } from '../helpers/command-line.js';
import { cli } from '../helpers/io.js';
import { scratchDir } from '../helpers/folders.js';
import { events, get } from './http.js';

/** The URL `serve` prints on stdout once it listens. */
function urlOf(child: ReturnType<typeof start>['child']): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (url) resolve(url);
    });
    child.on('close', () => reject(new Error(`serve exited before it printed its URL: ${out}`)));
  });
}

describe('run-experiments serve', () => {
  it('serves the results folder on 127.0.0.1, prints the URL, and stops on Ctrl-C with exit 130, a page still listening', async () => {
    const serve = start(['serve', 'results', '--port', '0']);
    const url = await urlOf(serve.child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(url).port);
    const list = JSON.parse((await get(port, '/api/experiments')).body) as { id: string }[];
    expect(list.map((e) => e.id)).toContain('lr-comparison');
    const stream = events(port, '/api/experiments/lr-comparison/events');
    await stream.next('ready');
    serve.child.kill('SIGINT');
    const done = await serve.done;
    expect(done.code).toBe(130);
    expect(done.stdout.trim()).toBe(m.listening('results', url));
    expect(done.stderr).toBe('');
  });

  it.each([
    ['a folder that does not exist', ['serve', 'no-such-results'], m.noResultsDir('no-such-results')],
    ['a file', ['serve', 'package.json'], m.notAFolder('package.json')],
    ['two folders', ['serve', 'results', 'results'], m.tooManyDirs(2)],
    ['a port that is not a number', ['serve', 'results', '--port', 'http'], m.badPort('http')],
    ['a port out of range', ['serve', 'results', '--port', '65536'], m.badPort('65536')],
  ])('refuses %s in one line, exit 2', async (_, args, message) => {
    const done = await cli(args, root);
    expect(done.code).toBe(2);
    expect(done.stderr).toBe(`run-experiments serve: ${message}\n`);
    expect(done.stdout).toBe('');
  });

  it('refuses a port in use in one line, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const done = await cli(['serve', 'results', '--port', String(port)], root);
      expect(done.code).toBe(2);
      expect(done.stderr).toBe(`run-experiments serve: ${m.portInUse(port)}\n`);
    } finally {
      taken.close();
    }
  });

  it('serves an empty folder with an index that says so', async () => {
    const empty = scratchDir('serve-empty');
    writeFileSync(join(empty, 'notes.txt'), 'not an experiment\n');
    const serve = start(['serve', empty, '--port', '0']);
    const port = Number(new URL(await urlOf(serve.child)).port);
    expect(JSON.parse((await get(port, '/api/experiments')).body)).toEqual([]);
    serve.child.kill('SIGTERM');
    expect((await serve.done).code).toBe(130);
  });
});

