// The drawing page's reader against `predict` itself: the same bytes must give the same image and probabilities.
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageMessages } from '../../src/predict/messages.js';
import { preprocessImageFile } from '../../src/predict/preprocess.js';
import { serveMessages as m } from '../../src/serve/messages.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { Reading } from '../../src/serve/drawing.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';
import { makeResult } from '../report/fixtures.js';
import { get, post } from './http.js';
import { copyFlagship, gridPlan, writeExperiment } from './results.js';

const digits = new URL('../fixtures/digits/', import.meta.url).pathname;
let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = join(scratchDir('serve-draw'), 'results');
  mkdirSync(root);
  copyFlagship(root);
  // a clone of a folder that committed some runs' models only (report/kept-models.ts)
  const clone = join(root, 'clone');
  cpSync(join(root, 'lr-comparison'), clone, { recursive: true });
  rmSync(join(clone, 'runs', 'lr-1.2', 'model.safetensors'));
  const plan = gridPlan('diverges', { 'training.learning_rate': '[1000]' });
  writeExperiment(root, plan, [makeResult(plan.runs[0], 'diverged', { divergeAt: 3 })]);
  server = await startServer(root, 0);
});

afterAll(async () => {
  await server.close();
});

const readPath = (experiment: string, run: string) => `/api/experiments/${experiment}/runs/${run}/read`;

describe('serve: reading a drawing with a run\'s model', () => {
  it.each(['seven-warm.png', 'three.jpg', 'four-blue-alpha.png', 'zero-grey.png'])(
    'reads %s exactly as predict does: the same 28x28 image, the same probabilities',
    async (file) => {
      const bytes = readFileSync(join(digits, file));
      const answer = await post(server.port, readPath('lr-comparison', 'lr-0.5'), bytes);
      expect(answer.status).toBe(200);
      const reading = JSON.parse(answer.body) as Reading;
      const predicted = await cli(['predict', join(root, 'lr-comparison', 'runs', 'lr-0.5'), join(digits, file), '--json'], root);
      expect(predicted.code).toBe(0);
      const [expected] = JSON.parse(predicted.stdout) as { predicted: number; probabilities: number[] }[];
      expect(reading.predicted).toBe(expected.predicted);
      // both are float64 values printed in shortest round-trip form: equal to the last bit
      expect(reading.probabilities).toEqual(expected.probabilities);
      expect(reading.seen).toEqual(Array.from(preprocessImageFile(join(digits, file))));
    },
  );

  it('says a blank drawing holds no digit, in predict\'s words', async () => {
    const blank = new pngjs.PNG({ width: 40, height: 40 });
    blank.data.fill(255);
    const answer = await post(server.port, readPath('lr-comparison', 'lr-0.5'), pngjs.PNG.sync.write(blank));
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.body)).toEqual({ error: imageMessages.noInk('the drawing') });
  });

  it('has no drawing page for a completed run whose model the folder left out, and says how to get it', async () => {
    const answer = await post(server.port, readPath('clone', 'lr-1.2'), readFileSync(join(digits, 'three.jpg')));
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: m.modelLeftOut('lr-1.2') });
    const detail = JSON.parse((await get(server.port, '/api/experiments/clone')).body) as { runs: { run: string; hasModel: boolean }[] };
    expect(detail.runs.map((r) => [r.run, r.hasModel])).toEqual([['lr-0.5', true], ['lr-1.2', false], ['lr-1.5', true]]);
  });

  it('reads with the model as it is now after its file is written over in place (the folder left as it was)', async () => {
    const bytes = readFileSync(join(digits, 'three.jpg'));
    const run = join(root, 'clone', 'runs', 'lr-0.5');
    const first = await post(server.port, readPath('clone', 'lr-0.5'), bytes);
    expect(first.status).toBe(200);
    const folderTime = statSync(run).mtimeMs;
    // lr-1.5's model, of the same size, into lr-0.5's file: the same inode, the same folder
    writeFileSync(join(run, 'model.safetensors'), readFileSync(join(root, 'clone', 'runs', 'lr-1.5', 'model.safetensors')));
    expect(statSync(run).mtimeMs).toBe(folderTime);
    const second = await post(server.port, readPath('clone', 'lr-0.5'), bytes);
    const lr15 = await post(server.port, readPath('clone', 'lr-1.5'), bytes);
    expect((JSON.parse(second.body) as Reading).probabilities).toEqual((JSON.parse(lr15.body) as Reading).probabilities);
    expect((JSON.parse(second.body) as Reading).probabilities).not.toEqual((JSON.parse(first.body) as Reading).probabilities);
  });

  it('has no drawing page for a run that saved no model', async () => {
    const answer = await post(server.port, readPath('diverges', 'lr-1000'), readFileSync(join(digits, 'three.jpg')));
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: m.noModel('lr-1000', 'diverged') });
  });
});
