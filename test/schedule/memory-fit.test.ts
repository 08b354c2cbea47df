// How many runs `run` trains side by side in the kernels' shared 4 GiB: what the spec's estimate
// says fits beside the dataset, twice over for the chunks a worker takes.
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { memoryEstimate } from '../../src/spec/budget.js';
import { architectureOf } from '../../src/spec/layers.js';
import { loadSpecText } from '../../src/spec/load.js';
import { workersThatFit } from '../../src/schedule/memory-fit.js';

/** The plan of a spec of 784-pixel MNIST images, and its dataset as validation reads it. */
function planOf(lines: string[]) {
  const { spec, dataset, problems } = loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
  expect(problems).toEqual([]);
  return { plan: planRuns(spec!), dataset: dataset! };
}

const convnet = (batch: number, precision = 'float32') => [
  'name: wide',
  'data: { train: { split: train, end: 4000 }, evaluate: { test: { split: test, end: 1000 } } }',
  'model: { layers: [{ conv: { filters: 64, size: 3, pad: 1 } }, relu, { affine: 10 }] }',
  `training: { batch_size: ${batch}, iterations: 2, eval_every: 1, precision: ${precision} }`,
  'repeat: 2',
];

describe('runs side by side in the shared memory', () => {
  it('one at a time for a network whose runs, each within its budget, need more than half of it', () => {
    const { plan, dataset } = planOf(convnet(2000));
    const fit = workersThatFit(plan.runs, dataset)!;
    const { parameters, activations } = memoryEstimate(architectureOf(plan.runs[0].config.model, dataset.input, dataset.classes), plan.runs[0].config.training);
    expect(fit.runBytes).toBe(parameters + activations);
    // 1.9 GiB each (within limits.max_memory_mb's 2 GiB): two would fail mid-run
    expect(fit.runBytes).toBeGreaterThan(1.5 * 1024 ** 3);
    expect(fit.workers).toBe(1);
  });

  it('as many as the bound allows for smaller runs, and any number for the seed\'s network', () => {
    // a quarter of the batch: about a quarter of the memory (0.48 GiB); MNIST's 70,000 images take 3 bytes a pixel and 8 more each
    const quarter = planOf(convnet(500));
    const fit = workersThatFit(quarter.plan.runs, quarter.dataset)!;
    expect(fit.runBytes).toBeLessThan(0.5 * 1024 ** 3);
    expect(fit.workers).toBe(Math.floor((4 * 1024 ** 3 - 70_000 * (3 * 784 + 8)) / (2 * fit.runBytes)));
    expect(fit.workers).toBeGreaterThanOrEqual(3);
    const seed = planOf(['name: seed', 'model: { hidden: [50] }', 'training: { iterations: 10 }']);
    expect(workersThatFit(seed.plan.runs, seed.dataset)!.workers).toBeGreaterThan(100);
  });

  it('no bound for float64 runs, which do not work in the shared memory', () => {
    const { plan, dataset } = planOf(convnet(500, 'float64'));
    expect(workersThatFit(plan.runs, dataset)).toBeNull();
  });
});
