/**
 * A training worker: attaches the SIMD kernels to the shared dataset once, then does one
 * task at a time, as the pool asks: train a run (handing over a snapshot of the network at
 * each evaluation point), or evaluate a snapshot of any run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mostConfidentMistakes, type Mistake } from '../analysis/mistakes.js';
import type { Architecture } from '../core/architecture.js';
import { architectureOf } from '../spec/layers.js';
import type { Dataset } from '../core/data/index.js';
import { softmaxRows } from '../core/functions.js';
import type { Kernels, MemoryKernels } from '../core/kernels/kernels.js';
import { Network } from '../core/network.js';
import { carryBuffers } from '../core/score-carry.js';
import { attachKernels, type SharedDataset } from '../core/shared-dataset.js';
import { EVALUATION_CHUNK, Evaluator, imageAt, imagesAt, sliceSize, train, type ImageSlice } from '../core/train.js';
import { savedModelOf } from '../model/network.js';
import { encodeSafetensors, MODEL_SAFETENSORS } from '../model/safetensors.js';
import { evaluationSlices, labelsOf, mistakesSlice, trainedImages, type ImageSet } from '../spec/evaluation-slices.js';
import type { RunConfig } from '../spec/types.js';
import { blockUntilExists } from '../results/test-hooks.js';
import type { FromWorker, ToWorker, WorkerDataset, WorkerSetup } from './protocol.js';

/** Progress messages at most this often, per run. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Checkpoints at most this often, per run (at the first evaluation point after it). Where a
 * run goes on from after Ctrl-C depends on it; what it ends with does not. A testing hook,
 * RUN_EXPERIMENTS_CHECKPOINT_MS, sets it (0: at every evaluation point).
 */
const CHECKPOINT_INTERVAL_MS = 1000;
const checkpointInterval = (): number => Number(process.env.RUN_EXPERIMENTS_CHECKPOINT_MS ?? CHECKPOINT_INTERVAL_MS);

const { stop } = workerData as WorkerSetup;
/** The dataset and the kernels on it, from the first message (the pool sends it before any task). */
let shared: SharedDataset;
let kernels: MemoryKernels;
const port = parentPort!;
/** `transfer`: buffers made for the message alone, handed over rather than copied again. */
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

port.on('message', (message: ToWorker | WorkerDataset) => {
  if (message.type === 'dataset') {
    shared = message.shared;
    kernels = attachKernels(shared);
    return;
  }
  if (process.env.RUN_EXPERIMENTS_FAULT) injectFault(message.runId);
  const mark = kernels.arena.mark();
  try {
    if (message.type === 'train') trainRun(message);
    else evaluateSnapshots(message);
  } catch (error) {
    send({ type: 'failed', runId: message.runId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    kernels.arena.release(mark);
  }
});

/** float32 runs use the SIMD kernels; float64 runs keep the NumPy-exact kernels the network picks. */
const kernelsFor = (config: RunConfig): Kernels | undefined => (config.training.precision === 'float32' ? kernels : undefined);

function trainRun({ runId, hash, config, cancel, resume, pauseAfter, checkpoints }: Extract<ToWorker, { type: 'train' }>): void {
  const { dataset } = shared;
  send({ type: 'started', runId, iterations: config.training.iterations });
  let lastProgress = 0;
  let lastCheckpoint = performance.now();
  const outcome = train(
    {
      model: { init: config.model.init, architecture: runArchitecture(config, dataset) },
      training: config.training,
      train: sliceOf(dataset, trainedImages(config.data)),
      evaluate: [],
      classes: dataset.classes,
      kernels: kernelsFor(config),
      ...(resume ? { resume } : {}),
      ...(pauseAfter !== null ? { pauseAfter } : {}),
    },
    {
      onLoss(iteration, loss) {
        if (process.env.RUN_EXPERIMENTS_HOLD) holdAt(runId, iteration);
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        send({ type: 'progress', runId, iteration, loss });
      },
      onSnapshot: ({ iteration, epoch, last }, network, take) => {
        // at most one checkpoint a CHECKPOINT_INTERVAL_MS (their cost stays small), and always where the run pauses
        const due = checkpoints && !last && (iteration === pauseAfter || performance.now() - lastCheckpoint >= checkpointInterval());
        // a checkpoint copies the tensors already: the snapshot shares its copies
        const checkpoint = due ? take() : null;
        if (checkpoint) lastCheckpoint = performance.now();
        const tensors = network.tensors().map(({ name, data }, k) => ({ name, data: checkpoint ? checkpoint.tensors[k] : data.slice() }));
        // the copies are handed over, not copied again; a checkpoint's arrays travel in the same message
        send({ type: 'snapshot', runId, snapshot: { iteration, epoch, last, tensors, checkpoint } }, checkpoint ? undefined : tensors.map((t) => t.data.buffer as ArrayBuffer));
      },
      shouldStop: () => Atomics.load(stop, 0) !== 0 || Atomics.load(cancel, 0) !== 0,
    },
  );
  const completed = outcome.status === 'completed';
  const files: Record<string, string | Uint8Array> = {};
  if (completed) {
    const architecture = runArchitecture(config, dataset);
    files[MODEL_SAFETENSORS] = encodeSafetensors(savedModelOf(outcome.network, architecture, hash));
  }
  send({
    type: 'done',
    runId,
    status: outcome.status,
    losses: outcome.losses,
    divergedAt: outcome.divergedAt,
    files,
    mistakes: completed ? mistakesOn(outcome.network, config, dataset) : null,
  });
}

/**
 * Accuracy of each snapshot on each evaluation slice (those measured only at the end: at the
 * last snapshot), whichever worker trained it: in order, each handing the next the dead units
 * it proved and its certificates.
 */
function evaluateSnapshots({ runId, config, snapshots, deadUnits, carries }: Extract<ToWorker, { type: 'evaluate' }>): void {
  const network = new Network({
    architecture: runArchitecture(config, shared.dataset),
    precision: config.training.precision,
    capacity: EVALUATION_CHUNK,
    kernels: kernelsFor(config),
  });
  let proven = deadUnits;
  let carried = carries;
  snapshots.forEach((snapshot, at) => {
    network.tensors().forEach(({ data }, k) => data.set(snapshot.tensors[k].data));
    const { iteration, epoch, last } = snapshot;
    const slices = evaluationSlices(config.data).filter((s) => last || !s.endOnly).map((s) => ({ name: s.name, slice: sliceOf(shared.dataset, s) }));
    const evaluator = new Evaluator(network, slices, proven, carried);
    const accuracy = evaluator.accuracies();
    proven = evaluator.deadUnits;
    // the certificates go on to the next snapshot, and back with the last
    carried = carried === null ? null : evaluator.carries;
    const final = at === snapshots.length - 1;
    send({
      type: 'evaluated', runId, iteration, epoch, accuracy, predictions: last ? evaluator.predictions : null,
      deadUnits: proven, carries: final ? carried : null,
    }, final && carried ? carryBuffers(carried) : []);
  });
}

/** The report shows the images most confidently misread in `test` (or the last evaluation slice). */
function mistakesOn(network: Network, config: RunConfig, dataset: Dataset): { slice: string; list: Mistake[] } | null {
  const slices = evaluationSlices(config.data);
  const name = mistakesSlice(slices.map((s) => s.name));
  const set = slices.find((s) => s.name === name);
  if (!set) return null;
  const slice = sliceOf(dataset, set);
  const size = sliceSize(slice);
  const classes = network.outputs;
  const probabilities = new Float64Array(size * classes);
  const rows = kernels.allocIndices(network.capacity);
  for (let from = 0; from < size; from += rows.length) {
    const n = Math.min(rows.length, size - from);
    imagesAt(slice, from, rows, n);
    const scores = network.predict({ kind: 'sparse', images: slice.images, rows, n });
    softmaxRows(scores, n, classes, probabilities.subarray(from * classes));
  }
  const list = mostConfidentMistakes(probabilities, labelsOf(set, slice.images.labels), classes);
  return { slice: set.name, list: list.map((m) => ({ ...m, index: imageAt(slice, m.index) })) };
}

/**
 * The network a run trains, in one place: the spec's architecture (model.layers, or the
 * seed's shorthand) on one image, 1 x rows x cols as the IDX header gives them.
 */
function runArchitecture(config: RunConfig, dataset: Dataset): Architecture {
  return architectureOf(config.model, { channels: 1, height: dataset.train.height, width: dataset.train.width }, dataset.classes);
}

function sliceOf(dataset: Dataset, set: ImageSet): ImageSlice {
  return { images: dataset[set.split], start: set.start, end: set.end, ...(set.indices ? { indices: set.indices } : {}) };
}

/**
 * A testing hook for a real fault: RUN_EXPERIMENTS_FAULT=throw:RUN makes this worker throw
 * outside the run's error handling, exit:RUN makes it exit, when it is given a task of run RUN.
 */
function injectFault(runId: string): void {
  const [kind, target] = (process.env.RUN_EXPERIMENTS_FAULT ?? '').split(':');
  if (target !== runId) return;
  if (kind === 'exit') process.exit(3);
  if (kind === 'throw') throw new Error(`injected fault in run ${runId}`);
}

/**
 * A testing hook to widen a race without sleeps: RUN_EXPERIMENTS_HOLD=RUN@ITERATION holds run
 * RUN at that iteration, saying so on stderr, until the file RUN_EXPERIMENTS_HOLD_RELEASE
 * exists (forever when it is not set), so a test can kill or restart a process mid-run.
 */
function holdAt(runId: string, iteration: number): void {
  const [target, at] = (process.env.RUN_EXPERIMENTS_HOLD ?? '').split('@');
  if (target !== runId || Number(at) !== iteration) return;
  process.stderr.write(`hold: ${runId} at iteration ${iteration}\n`);
  blockUntilExists(process.env.RUN_EXPERIMENTS_HOLD_RELEASE ?? '');
}
