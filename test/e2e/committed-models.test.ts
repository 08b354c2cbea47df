/**
 * A results folder commits every run's data, but only the models of the runs its report draws
 * up close (the best three, and any asked for): a 100-run search adds three models to git, not
 * a hundred. Through the built command line and a real git: what `git add` takes, what a clone
 * reruns, and what `predict` says about a model left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelMessages } from '../../src/model/messages.js';
import { resultsGitignore } from '../../src/report/results-gitignore.js';
import { root, run } from '../helpers/command-line.js';
import { scratchDir, tree } from '../helpers/folders.js';

const scratch = scratchDir('committed-models');
const RATES = [0.02, 0.05, 0.1, 0.2, 0.4];
const spec = join(scratch, 'five-rates.yaml');
writeFileSync(spec, [
  'name: five-rates',
  'data:',
  '  train: { split: train, end: 1000 }',
  '  evaluate: { test: { split: test, end: 200 } }',
  'model: { hidden: [8] }',
  'training: { learning_rate: 0.1, batch_size: 20, iterations: 60, eval_every: 30 }',
  `grid: { training.learning_rate: [${RATES.join(', ')}] }`,
  '',
].join('\n'));
const repo = join(scratch, 'project');
const results = join(repo, 'results');
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

describe('the models a results folder commits', async () => {
  const first = await run([spec, '--out', results]);
  const experiment = JSON.parse(readFileSync(join(results, 'experiment.json'), 'utf8')) as { models?: string[] };
  git(scratch, 'init', '-q', repo);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'results');
  const committed = git(repo, 'ls-files').trim().split('\n');

  it('are those of the runs drawn up close: the others stay out of git, with the caches', () => {
    expect(first.code, first.stderr).toBe(0);
    const drawn = [...readFileSync(join(results, 'README.md'), 'utf8').matchAll(/!\[(lr-[^\]]+)\]\(charts\/runs\//g)].map((m) => m[1]);
    expect(drawn).toHaveLength(3);
    expect(experiment.models?.slice().sort()).toEqual(drawn.slice().sort());
    expect(readFileSync(join(results, '.gitignore'), 'utf8')).toBe(resultsGitignore(experiment.models!));
    const models = committed.filter((path) => path.endsWith('/model.safetensors'));
    expect(models.sort()).toEqual(drawn.map((id) => `results/runs/${id}/model.safetensors`).sort());
    // every run's data is committed; the caches are not
    for (const rate of RATES) expect(committed).toContain(`results/runs/lr-${rate}/metrics.csv`);
    expect(committed.filter((path) => path.includes('.verified-runs.json') || path.includes('.lock'))).toEqual([]);
    expect(existsSync(join(results, '.verified-runs.json'))).toBe(true);
  });

  it('leave the other runs cached in a clone, which reruns the spec without training or writing anything', async () => {
    const clone = join(scratch, 'clone');
    git(scratch, 'clone', '-q', repo, clone);
    const before = tree(join(clone, 'results'));
    expect([...before.keys()].filter((path) => path.endsWith('model.safetensors'))).toHaveLength(3);
    const again = await run([spec, '--out', join(clone, 'results')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 runs trained and 5 cached');
    expect(tree(join(clone, 'results'))).toEqual(before);
  });

  it('name the way to a model left out when predict is asked for one', async () => {
    const clone = join(scratch, 'clone');
    const leftOut = RATES.map((rate) => `lr-${rate}`).find((id) => !experiment.models!.includes(id))!;
    const digit = join(root, 'test/fixtures/digits', readdirSync(join(root, 'test/fixtures/digits'))[0]);
    const result = await run(['predict', join(clone, 'results/runs', leftOut), digit]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`run-experiments predict: ${modelMessages.noModel(join(clone, 'results/runs', leftOut))}`);
  });
});
