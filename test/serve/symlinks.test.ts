// `serve`'s API reads experiments, runs and models only where they really are inside the results
// folder, as /files/ serves files: a symbolic link that leads outside is as good as absent.
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMessages as m } from '../../src/serve/messages.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { ExperimentDetail } from '../../src/serve/api.js';
import type { ExperimentSummary } from '../../src/serve/summaries.js';
import { scratchDir } from '../helpers/folders.js';
import { get, post } from './http.js';
import { copyFlagship } from './results.js';

const digit = readFileSync(new URL('../fixtures/digits/three.jpg', import.meta.url));
let root: string;
let server: RunningServer;

beforeAll(async () => {
  const outside = copyFlagship(scratchDir('serve-links-outside'));
  root = join(scratchDir('serve-links'), 'results');
  mkdirSync(root);
  const inside = copyFlagship(root);
  // an experiment, a run and a model that are elsewhere
  symlinkSync(outside, join(root, 'elsewhere'));
  symlinkSync(join(outside, 'runs', 'lr-0.5'), join(inside, 'runs', 'lr-7'));
  rmSync(join(inside, 'runs', 'lr-1.5', 'model.safetensors'));
  symlinkSync(join(outside, 'runs', 'lr-1.5', 'model.safetensors'), join(inside, 'runs', 'lr-1.5', 'model.safetensors'));
  // a link that stays inside is followed
  symlinkSync(inside, join(root, 'alias'));
  server = await startServer(root, 0);
});

afterAll(async () => {
  await server.close();
});

describe('serve: symbolic links', () => {
  it('lists no experiment that is outside the results folder, and finds none there', async () => {
    const list = JSON.parse((await get(server.port, '/api/experiments')).body) as ExperimentSummary[];
    expect(list.map((e) => e.id)).toEqual(['alias', 'lr-comparison']);
    expect((await get(server.port, '/api/experiments/elsewhere')).status).toBe(404);
    expect((await post(server.port, '/api/experiments/elsewhere/runs/lr-0.5/read', digit)).status).toBe(404);
  });

  it('reads no run folder that is outside, and no model file', async () => {
    const detail = JSON.parse((await get(server.port, '/api/experiments/lr-comparison')).body) as ExperimentDetail;
    expect(detail.runs.map((r) => r.run)).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5']);
    const linkedRun = await post(server.port, '/api/experiments/lr-comparison/runs/lr-7/read', digit);
    expect(linkedRun.status).toBe(404);
    expect(JSON.parse(linkedRun.body)).toEqual({ error: m.noSuchRun('lr-comparison', 'lr-7') });
    const linkedModel = await post(server.port, '/api/experiments/lr-comparison/runs/lr-1.5/read', digit);
    expect(linkedModel.status).toBe(404);
    expect(JSON.parse(linkedModel.body)).toEqual({ error: m.modelLeftOut('lr-1.5') });
  });

  it('reads through a link that stays inside', async () => {
    const answer = await post(server.port, '/api/experiments/alias/runs/lr-0.5/read', digit);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ predicted: 3 });
  });
});
