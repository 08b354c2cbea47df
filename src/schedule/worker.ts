/**
 * A training worker: attaches the SIMD kernels to the shared dataset once, then trains
 * one run at a time, as the pool asks, reporting progress and the finished run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Dataset } from '../core/data/index.js';
import type { Kernels } from '../core/kernels/kernels.js';
import { attachKernels } from '../core/shared-dataset.js';
import { train, type ImageSlice } from '../core/train.js';
import { mostConfidentMistakes, type Mistake } from '../analysis/mistakes.js';
import { softmaxRows } from '../core/functions.js';
import type { Mlp } from '../core/network.js';
import { encodeModel, MODEL_BIN, MODEL_JSON } from '../model/format.js';
import type { RunConfig } from '../spec/types.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/** Progress messages at most this often, per run. */
const PROGRESS_INTERVAL_MS = 200;

const { shared, stop } = workerData as WorkerSetup;
const kernels = attachKernels(shared);
const port = parentPort!;
const send = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type !== 'train') return;
  if (process.env.RUN_EXPERIMENTS_FAULT) injectFault(message.runId);
  const mark = kernels.arena.mark();
  try {
    trainRun(message.runId, message.hash, message.config);
  } catch (error) {
    send({ type: 'failed', runId: message.runId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    kernels.arena.release(mark);
  }
});

function trainRun(runId: string, hash: string, config: RunConfig): void {
  const { dataset } = shared;
  send({ type: 'started', runId, iterations: config.training.iterations });
  const started = performance.now();
  let lastProgress = 0;
  const outcome = train(
    {
      model: config.model,
      training: config.training,
      train: sliceOf(dataset, config.data.train),
      evaluate: Object.entries(config.data.evaluate).map(([name, slice]) => ({ name, slice: sliceOf(dataset, slice) })),
      // float64 runs keep the NumPy-exact kernels the network picks by default
      kernels: config.training.precision === 'float32' ? (kernels as Kernels) : undefined,
    },
    {
      onLoss(iteration, loss) {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        send({ type: 'progress', runId, iteration, loss });
      },
      onEvaluation: (evaluation) => send({ type: 'evaluation', runId, evaluation }),
      shouldStop: () => Atomics.load(stop, 0) !== 0,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const completed = outcome.status === 'completed';
  const files: Record<string, string | Uint8Array> = {};
  if (completed) {
    const { json, bin } = encodeModel(outcome.network, { hash });
    Object.assign(files, { [MODEL_JSON]: json, [MODEL_BIN]: bin });
  }
  send({
    type: 'done',
    runId,
    status: outcome.status,
    losses: outcome.losses,
    evaluations: outcome.evaluations,
    divergedAt: outcome.divergedAt,
    seconds,
    files,
    predictions: outcome.predictions,
    mistakes: completed ? mistakesOn(outcome.network, config, dataset) : null,
  });
}

/** The report shows the images most confidently misread in `test` (or the last evaluation slice). */
function mistakesOn(network: Mlp, config: RunConfig, dataset: Dataset): { slice: string; list: Mistake[] } | null {
  const names = Object.keys(config.data.evaluate);
  const name = names.includes('test') ? 'test' : names[names.length - 1];
  if (name === undefined) return null;
  const { images, start, end } = sliceOf(dataset, config.data.evaluate[name]);
  const classes = network.outputs;
  const probabilities = new Float64Array((end - start) * classes);
  const rows = kernels.allocIndices(network.capacity);
  for (let from = start; from < end; from += rows.length) {
    const n = Math.min(rows.length, end - from);
    for (let r = 0; r < n; r++) rows[r] = from + r;
    const scores = network.predict({ kind: 'sparse', images, rows, n });
    softmaxRows(scores, n, classes, probabilities.subarray((from - start) * classes));
  }
  const list = mostConfidentMistakes(probabilities, images.labels.subarray(start, end), classes);
  return { slice: name, list: list.map((m) => ({ ...m, index: m.index + start })) };
}

function sliceOf(dataset: Dataset, slice: RunConfig['data']['train']): ImageSlice {
  return { images: dataset[slice.split], start: slice.start, end: slice.end };
}

/**
 * A testing hook for a real fault: RUN_EXPERIMENTS_FAULT=throw:RUN makes this worker throw
 * outside the run's error handling, exit:RUN makes it exit, when it is given run RUN.
 */
function injectFault(runId: string): void {
  const [kind, target] = (process.env.RUN_EXPERIMENTS_FAULT ?? '').split(':');
  if (target !== runId) return;
  if (kind === 'exit') process.exit(3);
  if (kind === 'throw') throw new Error(`injected fault in run ${runId}`);
}
