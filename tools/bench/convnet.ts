/**
 * `npm run bench -- --model convnet`: one epoch of the book's SimpleConvNet (conv 30@5x5,
 * relu, 2x2 max pool, affine 100, relu, affine 10; Adam 0.001, batches of 100 from all
 * 60,000 training images, shuffled) on one thread, then test accuracy; and the same network
 * in PyTorch on one thread (torch_convnet.py) where python3 imports torch. Both record each
 * batch's loss after its update, as every run here does.
 */
import { BenchError } from './bench-error.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../../src/core/architecture.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { train } from '../../src/core/train.js';
import type { KernelSet } from './ours.js';

export const SIMPLE_CONVNET: Architecture = {
  input: { channels: 1, height: 28, width: 28 },
  layers: [
    { type: 'conv', filters: 30, size: 5, stride: 1, pad: 0 },
    { type: 'relu' },
    { type: 'pool', size: 2, stride: 2 },
    { type: 'affine', outputs: 100 },
    { type: 'relu' },
    { type: 'affine', outputs: 10 },
  ],
};

export interface EpochTiming {
  trainSeconds: number;
  /** Test accuracy after the epoch (evaluation is not timed). */
  testAccuracy: number;
  kernels: string;
}

/** One epoch of SimpleConvNet on the calling thread, on `set` or the kernels RUN_EXPERIMENTS_KERNELS chooses. */
export function timeOursConvnet(epochs = 1, set?: KernelSet): EpochTiming {
  const shared = loadSharedDataset(mnistDataDir());
  const kernels = set === undefined ? attachKernels(shared) : attachKernels(shared, set);
  const { train: trainSplit, test } = shared.dataset;
  const batch = 100;
  let trainSeconds = 0;
  const t0 = performance.now();
  const outcome = train(
    {
      model: { init: 'he', architecture: SIMPLE_CONVNET },
      training: {
        optimizer: 'adam', learning_rate: 0.001, momentum: 0.9, beta1: 0.9, beta2: 0.999,
        batch_size: batch, iterations: (epochs * trainSplit.count) / batch, eval_every: 0, sampling: 'shuffle',
        seed: 1, precision: 'float32', rng: 'default',
      },
      train: { images: trainSplit, start: 0, end: trainSplit.count },
      evaluate: [],
      kernels,
    },
  );
  trainSeconds = (performance.now() - t0) / 1000;
  const predicted = new Uint8Array(test.count);
  const rows = kernels.allocIndices(outcome.network.capacity);
  let correct = 0;
  for (let from = 0; from < test.count; from += rows.length) {
    const n = Math.min(rows.length, test.count - from);
    for (let r = 0; r < n; r++) rows[r] = from + r;
    outcome.network.classify({ kind: 'sparse', images: test, rows, n }, predicted, from);
    for (let r = 0; r < n; r++) if (predicted[from + r] === test.labels[from + r]) correct++;
  }
  return { trainSeconds, testAccuracy: correct / test.count, kernels: kernels.name };
}

const TORCH_SCRIPT = fileURLToPath(new URL('../../../tools/bench/torch_convnet.py', import.meta.url));

/** The same epoch on PyTorch, one thread (torch_convnet.py). */
export function timeTorchConvnet(python: string, epochs = 1): EpochTiming {
  const child = spawnSync(python, [TORCH_SCRIPT, mnistDataDir(), '--epochs', String(epochs), '--seed', '1'], {
    encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (child.status !== 0) throw new BenchError(`torch_convnet.py failed: ${child.stderr.trim().split('\n').at(-1)}`);
  const summary = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { train_s: number; test_accuracy: number };
  return { trainSeconds: summary.train_s, testAccuracy: summary.test_accuracy, kernels: 'pytorch' };
}

/** `npm run bench -- --model convnet`: ours, then PyTorch where it is, each on one thread, and the ratio. */
export function benchConvnet(options: { quick: boolean; rounds: number; torch: { python: string; version: string } | null; cpu: string }, say: (line: string) => void): void {
  const epochs = options.quick ? 0.1 : 1;
  say(`machine: ${options.cpu}; node ${process.version}`);
  say(`protocol: SimpleConvNet (conv 30@5x5, relu, pool 2x2, affine 100, relu, affine 10), Adam 0.001, ${epochs * 600} batches of 100 (${epochs} epoch), one thread`);
  say(`PyTorch: ${options.torch ? `${options.torch.version} (${options.torch.python}), one thread` : 'not installed (or --no-reference), skipped'}`);
  say('');
  const ours: number[] = [];
  const torch: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const t = timeOursConvnet(epochs);
    ours.push(t.trainSeconds);
    say(`ours (one thread, ${t.kernels})  ${t.trainSeconds.toFixed(1)} s, test accuracy ${t.testAccuracy.toFixed(4)}`);
    if (options.torch) {
      const p = timeTorchConvnet(options.torch.python, epochs);
      torch.push(p.trainSeconds);
      say(`pytorch (one thread)  ${p.trainSeconds.toFixed(1)} s, test accuracy ${p.testAccuracy.toFixed(4)}`);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (torch.length) {
    const ratio = median(torch) / median(ours);
    say('');
    say(`SimpleConvNet, one thread against PyTorch on one thread: ours ${median(ours).toFixed(1)} s, PyTorch ${median(torch).toFixed(1)} s, ${ratio >= 1 ? `${ratio.toFixed(2)}x faster` : `${(1 / ratio).toFixed(2)}x slower`} (${options.cpu})`);
  }
}
