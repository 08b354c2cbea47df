/**
 * How many of a plan's runs fit side by side in the kernels' memory. float32 runs work in
 * one shared WebAssembly memory of at most 4 GiB (core/kernels/memory.ts), which also holds
 * the dataset; each worker thread takes its network's part in chunks that at least double,
 * so a worker may hold up to about twice what its run uses. The spec's budget
 * (limits.max_memory_mb, spec/budget.ts) is checked run by run: two runs each within it
 * could still not fit together, and one of them failed mid-run with "Maximum memory size
 * exceeded". `run` lowers its concurrency to what fits, saying so, and so does a queue worker.
 */
import { sizeOf } from '../core/architecture.js';
import type { DatasetShape } from '../spec/dataset-sizes.js';
import { architectureOf } from '../spec/layers.js';
import { memoryEstimate } from '../spec/budget.js';
import type { PlannedRun } from '../spec/types.js';

/** The kernels' memory: WebAssembly's 32-bit address space. */
const SHARED_BYTES = 4 * 1024 ** 3;
/** A worker's chunks, at worst, against what its run uses (memory.ts's doubling). */
const CHUNK_SLACK = 2;

/**
 * The largest float32 run's estimate (0: no float32 run), and how many workers fit beside the
 * dataset; null when any number does. `run` asks it of a plan's runs; a queue worker, of each
 * job's run (queue/fitted-pools.ts).
 */
export function workersThatFit(runs: readonly Pick<PlannedRun, 'config'>[], dataset: DatasetShape): { workers: number; runBytes: number } | null {
  const float32 = runs.filter((run) => run.config.training.precision === 'float32');
  const runBytes = Math.max(0, ...float32.map(({ config }) => {
    const { parameters, activations } = memoryEstimate(architectureOf(config.model, dataset.input, dataset.classes), config.training);
    return parameters + activations;
  }));
  if (runBytes === 0) return null;
  // the dataset: each image's pixels in bytes, its sparse form (an index and a value per pixel at most) and labels
  const datasetBytes = (dataset.images ?? 0) * (3 * sizeOf(dataset.input) + 8);
  return { workers: Math.max(1, Math.floor((SHARED_BYTES - datasetBytes) / (CHUNK_SLACK * runBytes))), runBytes };
}
