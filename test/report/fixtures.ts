/** Synthetic plans and results for the report tests: no training, deterministic numbers. */
import { planRuns } from '../../src/plan/plan.js';
import { writeExperimentFile } from '../../src/report/experiment-file.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import type { Evaluation, RunResult, RunStatus } from '../../src/results/types.js';
import type { ExperimentSpec, Plan, PlannedRun } from '../../src/spec/types.js';

export function makeSpec(grid: Record<string, unknown[]>, repeat = 1, iterations = 1000): ExperimentSpec {
  return {
    name: 'lr-comparison',
    description: 'The seed experiment: the same network at three learning rates.',
    data: {
      source: { kind: 'mnist' },
      train: { split: 'train', start: 0, end: 10000 },
      evaluate: { train: { split: 'train', start: 0, end: 60000 }, test: { split: 'test', start: 0, end: 10000 } },
    },
    model: { hidden: [50], activation: 'relu', init: { std: 0.01 } },
    training: {
      optimizer: 'sgd', learning_rate: 0.5, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 100,
      iterations, eval_every: 100, sampling: 'replacement', seed: 1, precision: 'float32', rng: 'default',
      divergence: { factor: 2, patience: 100 },
    },
    grid,
    repeat,
    report: { compare: Object.keys(grid)[0] ?? null },
  };
}

/** The planned runs of a one-key grid (training.learning_rate), with repeats innermost. */
export function makePlan(rates: number[], repeat = 1, iterations = 1000): Plan {
  const spec = makeSpec({ 'training.learning_rate': rates }, repeat, iterations);
  const runs: PlannedRun[] = rates.flatMap((lr) =>
    Array.from({ length: repeat }, (_, k) => {
      const values: Record<string, unknown> = { 'training.learning_rate': lr };
      if (repeat > 1) values.repeat = k;
      const config = {
        experiment: spec.name, data: spec.data, model: spec.model,
        training: { ...spec.training, learning_rate: lr, seed: spec.training.seed + k },
      };
      return { id: repeat > 1 ? `lr-${lr}-seed-${k + 1}` : `lr-${lr}`, values, config, hash: `h${lr}${k}`.replace('.', '') };
    }),
  );
  return { spec, varying: repeat > 1 ? ['training.learning_rate', 'repeat'] : ['training.learning_rate'], runs };
}

/** A tiny deterministic generator (an LCG, Numerical Recipes constants) for noisy curves. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A run's results: losses decaying from 2.3 with noise; `divergeAt` makes that loss NaN and stops. */
export function makeResult(
  run: PlannedRun,
  status: RunStatus,
  options: { divergeAt?: number; error?: string; rate?: number } = {},
): RunResult {
  const { iterations, eval_every, batch_size } = run.config.training;
  const random = noise(run.hash.length * 7919 + run.id.length + Math.round((options.rate ?? 1) * 100));
  const rate = options.rate ?? 1;
  const count = status === 'failed' ? 0 : options.divergeAt !== undefined ? options.divergeAt + 1 : iterations;
  const losses: number[] = [];
  const evaluations: Evaluation[] = [];
  for (let i = 0; i < count; i++) {
    const diverging = options.divergeAt !== undefined;
    const base = diverging ? 2.3 + i * 0.5 : 2.3 * Math.exp((-i * rate) / 150) + 0.02;
    losses.push(i === options.divergeAt ? NaN : base * (0.7 + 0.6 * random()));
    if (eval_every > 0 && i % eval_every === 0 && i !== options.divergeAt) {
      const level = diverging ? 0.1 : 0.95 - 0.85 * Math.exp((-i * rate) / 120);
      evaluations.push({
        iteration: i,
        epoch: (i * batch_size) / 10000,
        accuracy: { train: level + 0.01 * random(), test: level - 0.01 * random() },
      });
    }
  }
  return {
    run,
    status,
    losses,
    evaluations,
    divergedAt: options.divergeAt ?? null,
    error: options.error ?? null,
  };
}

/** The seed's experiment in miniature: lr 0.5 completes, 1.2 fails, 1.5 diverges at iteration 37. */
export function seedLikeResults(): { plan: Plan; results: RunResult[] } {
  const plan = makePlan([0.5, 1.2, 1.5]);
  const [good, failed, diverged] = plan.runs;
  return {
    plan,
    results: [
      makeResult(good, 'completed', { rate: 1 }),
      makeResult(failed, 'failed', { error: 'Worker stopped: out of memory\n    at somewhere' }),
      makeResult(diverged, 'diverged', { divergeAt: 37 }),
    ],
  };
}

/** Two learning rates with three seeds each; one seed of the larger rate diverges. */
export function repeatResults(): { plan: Plan; results: RunResult[] } {
  const plan = makePlan([0.1, 0.5], 3);
  const results = plan.runs.map((run, k) =>
    k === 5
      ? makeResult(run, 'diverged', { divergeAt: 640 })
      : makeResult(run, 'completed', { rate: k < 3 ? 0.4 + 0.1 * k : 1 + 0.2 * (k - 3) }),
  );
  return { plan, results };
}

/**
 * `made`'s results on the plan its spec really gives (the planner's ids, configs and hashes,
 * in the same order): what `report`, which checks experiment.json against its spec's plan, reads.
 */
export function asPlanned(made: { plan: Plan; results: RunResult[] }): { plan: Plan; results: RunResult[] } {
  const plan = planRuns(made.plan.spec);
  return { plan, results: made.results.map((result, i) => ({ ...result, run: plan.runs[i] })) };
}

/**
 * A results folder as `run` leaves it, without the report's pictures: each result's run
 * folder and an experiment.json listing the plan's runs. Returns `dir`.
 */
export function writeResultsFolder(dir: string, plan: Plan, results: RunResult[]): string {
  for (const result of results) writeRunFolder(dir, result);
  writeExperimentFile(dir, { format: 1, spec: plan.spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) }, [], null);
  return dir;
}
