/**
 * One run of the seed's protocol as `run-experiments` runs a single run: trained on one
 * worker thread while its evaluations go to whichever worker is free, so every core
 * works. Timed from the first task to the last evaluation, worker start-up included.
 */
import { BenchError } from './bench-error.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { loadSharedDataset } from '../../src/core/shared-dataset.js';
import { planRuns } from '../../src/plan/plan.js';
import { WorkerPool, type EvaluateEnd } from '../../src/schedule/pool.js';
import { loadSpecText } from '../../src/spec/load.js';
import type { Timing } from './ours.js';

/** The protocol timeOurs trains, as a spec. */
export function protocolSpec(iterations: number): string {
  return `name: bench
data:
  dataset: mnist
  train: { split: train, start: 0, end: 10000 }
  evaluate: { train: { split: train }, test: { split: test } }
model: { hidden: [50], activation: relu, init: { std: 0.01 } }
training:
  optimizer: sgd
  learning_rate: 0.5
  batch_size: 100
  iterations: ${iterations}
  eval_every: 100
  sampling: replacement
  seed: 1
  precision: float32
  rng: default
`;
}

export async function timeOursOnCores(iterations: number, cores: number): Promise<Timing> {
  const { spec, problems } = loadSpecText(protocolSpec(iterations), 'bench.yaml', { specDir: process.cwd() });
  if (!spec) throw new BenchError(`the bench's protocol spec is invalid: ${problems.map((p) => p.message).join('; ')}`);
  const [run] = planRuns(spec).runs;

  const t0 = performance.now();
  // as run-experiments does: the workers start while the dataset loads
  const pool = new WorkerPool(cores);
  const shared = loadSharedDataset(mnistDataDir());
  pool.useDataset(shared);
  const t1 = performance.now();
  try {
    const evaluations: Promise<EvaluateEnd | null>[] = [];
    const end = await pool.train(run.id, run.hash, run.config, (message) => {
      if (message.type === 'snapshot') evaluations.push(pool.evaluate(run.id, run.config, message.snapshot));
    });
    const evaluated = await Promise.all(evaluations);
    const t2 = performance.now();
    const failure = [end, ...evaluated].find((e) => e === null || e.type === 'failed');
    if (failure !== undefined) throw new BenchError(`the bench's run failed: ${failure?.type === 'failed' ? failure.error : 'stopped'}`);
    const last = evaluated.at(-1);
    return {
      loadSeconds: (t1 - t0) / 1000,
      trainSeconds: (t2 - t1) / 1000,
      iterations,
      imagesEvaluated: evaluated.length * (shared.dataset.train.count + shared.dataset.test.count),
      testAccuracy: last?.type === 'evaluated' ? last.accuracy.test : null,
    };
  } finally {
    await pool.close();
  }
}
