// The drawing endpoint against a drawing too large to be one: a few kilobytes of PNG can hold
// 40 megapixels of one colour, which held the server for seconds and took a gigabyte.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageMessages } from '../../src/predict/messages.js';
import { MAX_DRAWING_PIXELS } from '../../src/serve/drawing.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { scratchDir } from '../helpers/folders.js';
import { onePlainPng } from '../predict/images.js';
import { get, post } from './http.js';
import { copyFlagship } from './results.js';

let server: RunningServer;

beforeAll(async () => {
  const root = join(scratchDir('serve-draw-limits'), 'results');
  mkdirSync(root);
  copyFlagship(root);
  server = await startServer(root, 0);
});

afterAll(async () => {
  await server.close();
});

describe('serve: a drawing of 6300x6300 pixels in 40 KB of PNG', () => {
  it('is refused by the size in its header (422), and the server answers the next request', async () => {
    const png = onePlainPng(6300, 6300);
    expect(png.length).toBeLessThan(100_000);
    const answer = await post(server.port, '/api/experiments/lr-comparison/runs/lr-0.5/read', png);
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toEqual({ error: imageMessages.tooLarge('the drawing', 6300, 6300, MAX_DRAWING_PIXELS) });
    expect((await get(server.port, '/api/experiments')).status).toBe(200);
  });
});
