// predict given a results folder instead of one of its runs names a run it can read.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { saveModel } from '../../src/model/files.js';
import { modelMessages } from '../../src/model/messages.js';
import { scratchDir } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';
import { tinySaved } from '../model/tiny-network.js';

describe('predict given a results folder', () => {
  it('suggests a run whose model the folder holds, not the first run, whose model it left out', async () => {
    const dir = scratchDir('predict-results-folder');
    mkdirSync(join(dir, 'results/runs/t000'), { recursive: true });
    saveModel(join(dir, 'results/runs/t065'), tinySaved());
    const io = fakeIo(dir);
    expect(await runCli(['predict', 'results', 'x.png'], io)).toBe(2);
    expect(io.err()).toBe(`run-experiments predict: ${modelMessages.resultsNotRun(join(dir, 'results'), join(dir, 'results/runs/t065'))}\n`);
  });
});
