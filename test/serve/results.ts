/** Results folders for the serve tests: synthetic grids (no training), and a copy of the committed flagship with its models. */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { planRuns } from '../../src/plan/plan.js';
import { experimentJson } from '../../src/report/experiment-file.js';
import { writeFileAtomic } from '../../src/results/atomic.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import type { RunResult } from '../../src/results/types.js';
import type { Plan } from '../../src/spec/types.js';
import { root } from '../helpers/command-line.js';
import { specOf } from '../helpers/specs.js';
import { makeResult } from '../report/fixtures.js';

/** The plan of a small experiment named `name` over `grid` (dotted key -> YAML list, e.g. '[0.1, 0.5]'). */
export function gridPlan(name: string, grid: Record<string, string>): Plan {
  return planRuns(
    specOf(
      `name: ${name}`,
      'data: { dataset: mnist, train: { split: train, start: 0, end: 1000 }, evaluate: { train: { split: train, end: 1000 }, test: { split: test, end: 500 } } }',
      'model: { hidden: [8] }',
      'training: { learning_rate: 0.5, iterations: 300, eval_every: 50 }',
      'grid:',
      ...Object.entries(grid).map(([k, v]) => `  ${k}: ${v}`),
    ),
  );
}

/** Every run of `plan`, completed, with made-up curves. */
export function madeUpResults(plan: Plan): RunResult[] {
  return plan.runs.map((run, i) => makeResult(run, 'completed', { rate: 0.5 + i / 4 }));
}

/** Writes the run folders of `results` under `<resultsRoot>/<name>/`, and experiment.json unless `finished` is false (a run under way). */
export function writeExperiment(resultsRoot: string, plan: Plan, results: RunResult[], finished = true): string {
  const dir = join(resultsRoot, plan.spec.name);
  for (const result of results) writeRunFolder(dir, result);
  if (finished) {
    // whole at once, as the report writes it
    writeFileAtomic(join(dir, 'experiment.json'), experimentJson({ format: 1, spec: plan.spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) }));
  }
  return dir;
}

/** The committed results/lr-comparison (three runs of the seed's network, each with its model), copied under `resultsRoot`. */
export function copyFlagship(resultsRoot: string): string {
  const dir = join(resultsRoot, 'lr-comparison');
  cpSync(join(root, 'results', 'lr-comparison'), dir, { recursive: true });
  return dir;
}
