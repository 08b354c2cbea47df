import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { readRun } from '../../src/serve/run-cache.js';
import { scratchDir } from '../helpers/folders.js';
import { makeResult } from '../report/fixtures.js';
import { gridPlan } from './results.js';

describe('serve: run folders kept as read', () => {
  const plan = gridPlan('cached', { 'training.learning_rate': '[0.1]' });
  const [run] = plan.runs;

  it('reads a run folder once while it stays the same, and again once it is replaced', () => {
    const dir = join(scratchDir('serve-cache'), 'cached');
    writeRunFolder(dir, makeResult(run, 'completed', { rate: 1 }));
    const folder = join(dir, 'runs', run.id);
    const first = readRun(folder, run.id);
    expect(first?.status).toBe('completed');
    expect(readRun(folder, run.id)).toBe(first);
    const replaced = makeResult(run, 'diverged', { divergeAt: 5 });
    writeRunFolder(dir, replaced);
    const second = readRun(folder, run.id);
    expect(second).not.toBe(first);
    expect(second?.status).toBe('diverged');
    expect(second?.losses).toHaveLength(replaced.losses.length);
  });

  it('reads nothing from a folder that is not a whole run', () => {
    expect(readRun(join(scratchDir('serve-cache'), 'runs', 'x'), 'x')).toBeNull();
  });
});
