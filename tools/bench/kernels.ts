/**
 * `npm run bench -- --kernels`: the first layer's kernels alone, on each kernel set this
 * machine has, in CPU time per nonzero pixel (the unit the README's Speed section reasons
 * in): evaluation (classifySparse over all 70,000 images, in the chunks a run hands it,
 * with the flagship's trained lr-0.5 network where results/lr-comparison has its model: the
 * AVX2 set's screening settles about 99% of images there, against 70-80% with random
 * weights, so a trained network is what a run sees) and training's sparse forward pass and
 * weight gradient (batches of 100 drawn from
 * train[0, 10000), as the seed's protocol draws them). Each figure is the minimum over
 * repetitions of the process's CPU time, so that other load on a shared machine, which
 * stretches wall time, changes it little; compare figures taken in the same invocation.
 */
import { fileURLToPath } from 'node:url';
import { mnistDataDir } from '../../src/core/data/index.js';
import type { Floats } from '../../src/core/floats.js';
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import { createRandom, type Random } from '../../src/core/random/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { FUSED_CHUNK } from '../../src/core/network.js';
import { readModel } from '../../src/model/files.js';
import { kernelSetsHere } from './ours.js';

/** One kernel set's figures: nanoseconds of CPU per nonzero pixel, and a whole evaluation's milliseconds. */
export interface KernelFigures {
  set: string;
  evaluationMs: number;
  evaluationNs: number;
  forwardNs: number;
  gradientNs: number;
}

const HIDDEN = 50;
const OUTPUTS = 10;
const BATCH = 100;
const BATCHES = 300;

/** Each set's figures, the minimum of `repetitions` timings each; `say` gets one line per set. */
export function benchKernels(repetitions: number, say: (line: string) => void): KernelFigures[] {
  const shared = loadSharedDataset(mnistDataDir());
  const figures: KernelFigures[] = [];
  for (const set of kernelSetsHere()) {
    const kernels = attachKernels(shared, set);
    const f = timeSet(kernels, shared.dataset.train, shared.dataset.test, repetitions);
    figures.push(f);
    say(formatKernelFigures(f));
  }
  return figures;
}

export function formatKernelFigures(f: KernelFigures): string {
  return `${f.set.padEnd(12)} evaluation ${f.evaluationMs.toFixed(1).padStart(6)} ms per 70,000 images, ${f.evaluationNs.toFixed(2)} ns per nonzero pixel; ` +
    `forward pass ${f.forwardNs.toFixed(2)} ns, weight gradient ${f.gradientNs.toFixed(2)} ns per nonzero pixel`;
}

interface Images { count: number; rowStart: Uint32Array; index: Uint16Array; value: Uint8Array; features: number }

function timeSet(kernels: MemoryKernels, train: Images, test: Images, repetitions: number): KernelFigures {
  // the same weights and batches for every set
  const random = createRandom('default', 1);
  const filled = (length: number, scale: number): Floats => {
    const a = kernels.alloc('float32', length);
    for (let i = 0; i < length; i++) a[i] = (random.uniform() - 0.5) * scale;
    return a;
  };
  const features = train.features;
  const W1 = filled(features * HIDDEN, 0.1);
  const b1 = filled(HIDDEN, 0.1);
  const W2 = filled(HIDDEN * OUTPUTS, 1);
  const b2 = filled(OUTPUTS, 0.1);
  const trained = trainedNetwork();
  if (trained) [W1, b1, W2, b2].forEach((a, i) => a.set(trained[i]));
  const pixel = kernels.alloc('float32', 256);
  for (let v = 0; v < 256; v++) pixel[v] = Math.fround(v / 255);
  const rows = kernels.allocIndices(FUSED_CHUNK);
  const predicted = kernels.allocIndices(FUSED_CHUNK);
  const scratch = kernels.alloc('float32', HIDDEN + OUTPUTS + 12);

  const evaluate = (): void => {
    for (const images of [train, test]) {
      for (let from = 0; from < images.count; from += FUSED_CHUNK) {
        const n = Math.min(FUSED_CHUNK, images.count - from);
        for (let r = 0; r < n; r++) rows[r] = from + r;
        kernels.classifySparse({ images, rows, n, pixel, W1, b1, hidden: HIDDEN, W2, b2, outputs: OUTPUTS, scratch, predicted });
      }
    }
  };
  const evaluation = minimumCpu(evaluate, repetitions);
  const evaluated = train.rowStart[train.count] + test.rowStart[test.count];

  const batchRows = drawBatches(random, kernels.allocIndices(BATCH * BATCHES));
  let drawn = 0;
  for (let r = 0; r < BATCH * BATCHES; r++) drawn += train.rowStart[batchRows[r] + 1] - train.rowStart[batchRows[r]];
  const out = kernels.alloc('float32', BATCH * HIDDEN);
  const dout = filled(BATCH * HIDDEN, 0.01);
  const dW = kernels.alloc('float32', features * HIDDEN);
  const db = kernels.alloc('float32', HIDDEN);
  const batches = (step: (batch: Int32Array) => void) => () => {
    for (let i = 0; i < BATCHES; i++) step(batchRows.subarray(i * BATCH, (i + 1) * BATCH));
  };
  const forward = minimumCpu(batches((batch) => kernels.sparseAffine({ images: train, rows: batch, n: BATCH, pixel, W: W1, m: HIDDEN, b: b1, out })), repetitions);
  const gradient = minimumCpu(batches((batch) => kernels.sparseAffineGrad({ images: train, rows: batch, n: BATCH, pixel, dout, m: HIDDEN, dW, db })), repetitions);
  return {
    set: kernels.name.split(' + ')[0],
    evaluationMs: evaluation * 1e3,
    evaluationNs: (evaluation * 1e9) / evaluated,
    forwardNs: (forward * 1e9) / drawn,
    gradientNs: (gradient * 1e9) / drawn,
  };
}

/** The flagship's trained lr-0.5 network's W1, b1, W2, b2 (784-50-10), or null where its model is not there. */
function trainedNetwork(): Floats[] | null {
  const dir = fileURLToPath(new URL('../../../results/lr-comparison/runs/lr-0.5', import.meta.url));
  try {
    const tensors = readModel(dir).tensors.map((t) => t.data);
    return tensors.length === 4 && tensors[0].length === 784 * HIDDEN ? tensors : null;
  } catch {
    return null;
  }
}

/** BATCHES batches of BATCH images from train[0, 10000), drawn with replacement, into `rows`. */
function drawBatches(random: Random, rows: Int32Array): Int32Array {
  for (let r = 0; r < BATCH * BATCHES; r++) rows[r] = random.int(10000);
  return rows;
}

/** The least CPU time, in seconds, of `repetitions` calls of `work` (after one unmeasured call). */
function minimumCpu(work: () => void, repetitions: number): number {
  work();
  let best = Infinity;
  for (let i = 0; i < repetitions; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}
