/** The results folder's .gitignore: the report's to write, unless the user has one of their own there. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptModels } from '../../src/report/kept-models.js';
import { resultsGitignore, writeResultsGitignore } from '../../src/report/results-gitignore.js';
import type { RunResult } from '../../src/results/types.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { scratchDir } from '../helpers/folders.js';

const result = (id: string, status: RunResult['status']): RunResult => ({ run: { id } as RunResult['run'], status, losses: [], evaluations: [], divergedAt: null, error: null });
const input = (results: RunResult[]): ReportInput => ({ results } as unknown as ReportInput);

describe('the models a results folder commits', () => {
  it('are every model (null) when every completed run is drawn, whatever else is not', () => {
    expect(keptModels(input([result('a', 'completed'), result('b', 'diverged'), result('c', 'pruned')]), ['a'])).toBeNull();
  });

  it('are the drawn runs that saved one, in plan order, when a completed run is not drawn', () => {
    const runs = [result('a', 'completed'), result('b', 'completed'), result('c', 'diverged'), result('d', 'completed')];
    expect(keptModels(input(runs), ['d', 'c', 'a'])).toEqual(['a', 'd']);
    expect(keptModels(input(runs), ['c'])).toEqual([]);
  });
});

describe("the results folder's .gitignore", () => {
  it('leaves out the caches always, and the models but those kept only when some are left out', () => {
    expect(resultsGitignore(null)).toContain('/.verified-runs.json\n');
    expect(resultsGitignore(null)).not.toContain('model.safetensors');
    expect(resultsGitignore(['t1', 't7'])).toMatch(/\/runs\/\*\/model\.safetensors\n!\/runs\/t1\/model\.safetensors\n!\/runs\/t7\/model\.safetensors\n$/);
  });

  it('is written over when it is the report’s, and a user’s own is left alone', () => {
    const dir = scratchDir('gitignore');
    writeResultsGitignore(dir, ['t1']);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(resultsGitignore(['t1']));
    writeResultsGitignore(dir, null);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(resultsGitignore(null));
    writeFileSync(join(dir, '.gitignore'), '*.svg\n');
    writeResultsGitignore(dir, ['t1']);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*.svg\n');
  });
});
