import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectRunFolder, runFolderPath, writeRunFolder } from '../../src/results/run-folder.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from '../report/fixtures.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = () => scratchDir('run-folder');
const [run] = makePlan([0.5], 1, 300).runs;

describe('a run folder', () => {
  it('reads back exactly the completed run it was written from', () => {
    const dir = scratch();
    const result = makeResult(run, 'completed');
    writeRunFolder(dir, result);
    expect(inspectRunFolder(runFolderPath(dir, run.id), run.id)).toEqual(result);
  });

  it('keeps NaN and infinite losses and a failed run\'s error through the round trip', () => {
    const dir = scratch();
    const diverged = { ...makeResult(run, 'diverged', { divergeAt: 5 }) };
    diverged.losses[4] = Infinity;
    diverged.losses[3] = -Infinity;
    writeRunFolder(dir, diverged);
    const back = inspectRunFolder(runFolderPath(dir, run.id), run.id) as RunResult;
    expect(back.losses.slice(3)).toEqual([-Infinity, Infinity, NaN]);
    expect(back).toEqual(diverged);
    const failed = makeResult(run, 'failed', { error: 'out of memory, "badly"\nsecond line' });
    writeRunFolder(dir, failed);
    expect(inspectRunFolder(runFolderPath(dir, run.id), run.id)).toEqual(failed);
  });

  it('writes metrics.csv as iteration,loss and evaluations.csv with one accuracy column per slice', () => {
    const dir = scratch();
    const result = {
      ...makeResult(run, 'completed'),
      losses: [2.5, 0.1, NaN],
      evaluations: [{ iteration: 0, epoch: 0, accuracy: { train: 0.1, test: 0.25 } }],
    };
    writeRunFolder(dir, result);
    const folder = runFolderPath(dir, run.id);
    expect(readFileSync(join(folder, 'metrics.csv'), 'utf8')).toBe('iteration,loss\n0,2.5\n1,0.1\n2,NaN\n');
    expect(readFileSync(join(folder, 'evaluations.csv'), 'utf8')).toBe(
      'iteration,epoch,train_accuracy,test_accuracy\n0,0,0.1,0.25\n',
    );
  });

  it('holds the extra files it is given, and a rewrite drops them', () => {
    const dir = scratch();
    const result = makeResult(run, 'completed');
    writeRunFolder(dir, result, { 'model.json': '{}', 'model.bin': Buffer.from([9]) });
    expect(existsSync(join(runFolderPath(dir, run.id), 'model.bin'))).toBe(true);
    expect(inspectRunFolder(runFolderPath(dir, run.id), run.id)).toEqual(result);
    writeRunFolder(dir, result);
    expect(existsSync(join(runFolderPath(dir, run.id), 'model.bin'))).toBe(false);
  });

  it('names what is wrong when the folder is absent, a file is missing, rows are missing or config.json is not JSON', () => {
    const dir = scratch();
    const problem = (): string => (inspectRunFolder(runFolderPath(dir, run.id), run.id) as { problem: string }).problem;
    expect(problem()).toMatch(/\.(csv|json)/);
    const folder = runFolderPath(dir, run.id);
    const write = () => writeRunFolder(dir, makeResult(run, 'completed'));
    write();
    rmSync(join(folder, 'evaluations.csv'));
    expect(problem()).toMatch(/evaluations\.csv/);
    write();
    const metrics = readFileSync(join(folder, 'metrics.csv'), 'utf8').split('\n');
    writeFileSync(join(folder, 'metrics.csv'), metrics.slice(0, 10).join('\n') + '\n');
    expect(problem()).toMatch(/metrics\.csv/);
    write();
    writeFileSync(join(folder, 'config.json'), '{"format": 1,');
    expect(problem()).toMatch(/config\.json/);
    write();
    writeFileSync(join(folder, 'metrics.csv'), 'iteration,loss\n0,abc\n');
    expect(problem()).toMatch(/metrics\.csv/);
  });
});
