/**
 * The seed's training protocol as a function: minibatches from a slice, one update
 * per iteration, the batch's loss recorded after the update, accuracy on named slices
 * every `eval_every` iterations (iteration 0 included, as in the seed) and after the
 * last iteration, so the final accuracy is that of the final weights. A run diverges,
 * and stops there, when its loss becomes NaN or infinite, or stays above `factor` times
 * its starting value for `patience` iterations in a row (see DivergenceRule).
 */
import { deadUnitsOf, stillDead, type DeadUnits, type FirstLayer } from './dead-units.js';
import { DIVERGENCE_DEFAULTS, type DivergenceRule } from './divergence.js';
import { flatShape, fromHidden, type Architecture } from './architecture.js';
import type { Floats, Precision, SparseImages } from './floats.js';
import type { Init } from './init.js';
import { afterTry, callCarry, carryFits, carryTurn, dropAnchors, emptyCarry, keepAnchor, type ScoreCarry } from './score-carry.js';
import type { Kernels } from './kernels/kernels.js';
import { referenceKernels } from './kernels/reference.js';
import { initializeRemembered } from './initial-weights.js';
import { Network, type Activation } from './network.js';
import { createOptimizer, type OptimizerSettings, type OptimizerState } from './optimizers.js';
import { createRandom, permutation, type Random, type RandomKind } from './random/index.js';

/** A labelled image set in the compact sparse form (a dataset split). */
export interface LabelledImages extends SparseImages {
  count: number;
  labels: Uint8Array;
}

/** Images [start, end) of a set, or, when `indices` is given, those images in that order (e.g. a held-out part, see data/hold-out.ts). */
export interface ImageSlice {
  images: LabelledImages;
  start: number;
  end: number;
  indices?: Int32Array;
}

/** How many images a slice has. */
export function sliceSize(slice: ImageSlice): number {
  return slice.indices ? slice.indices.length : slice.end - slice.start;
}

/** The image index of a slice's k-th image. */
export function imageAt(slice: ImageSlice, k: number): number {
  return slice.indices ? slice.indices[k] : slice.start + k;
}

/** How many of predicted[from..from + n) are the labels of rows[0..n): without a branch, which an accuracy near 0.5 would mispredict. */
function matches(predicted: Uint8Array, from: number, labels: Uint8Array, rows: Int32Array, n: number): number {
  let count = 0;
  for (let r = 0; r < n; r++) count += +(predicted[from + r] === labels[rows[r]]);
  return count;
}

/** rows[0..n) = the image indices of a slice's images from its `from`-th on (a copy, or a count, not n calls of imageAt). */
export function imagesAt(slice: ImageSlice, from: number, rows: Int32Array, n: number): void {
  if (slice.indices) rows.set(slice.indices.subarray(from, from + n));
  else for (let r = 0, image = slice.start + from; r < n; r++, image++) rows[r] = image;
}

export interface ModelSettings {
  /** The seed's shorthand, used when `architecture` is absent: fromHidden(images, hidden, activation, classes). */
  hidden?: readonly number[];
  activation?: Activation | 'tanh';
  init: Init;
  /** The network, layer by layer; takes precedence over hidden/activation. */
  architecture?: Architecture;
}

/** The network a run trains: its architecture, or the seed's shorthand on flat images. */
export function architectureFor(model: ModelSettings, features: number, classes: number): Architecture {
  if (model.architecture) return model.architecture;
  return fromHidden(flatShape(features), model.hidden ?? [], model.activation ?? 'relu', classes);
}

export { DIVERGENCE_DEFAULTS, type DivergenceRule };

export interface TrainSettings extends OptimizerSettings {
  batch_size: number;
  iterations: number;
  /** Evaluate every N iterations, iteration 0 included; 0 turns evaluation off. */
  eval_every: number;
  /** `replacement`: each batch drawn independently, as the seed; `shuffle`: epochs of a permutation. */
  sampling: 'replacement' | 'shuffle';
  seed: number;
  precision: Precision;
  rng: RandomKind;
  /** Defaults to DIVERGENCE_DEFAULTS. */
  divergence?: DivergenceRule;
  /** L2 weight decay lambda on every W (not biases, not batchnorm's gamma and beta); 0 or absent: none. */
  weight_decay?: number;
}

export interface TrainInputs {
  model: ModelSettings;
  training: TrainSettings;
  train: ImageSlice;
  /** Accuracy is measured on each, in this order. */
  evaluate: readonly { name: string; slice: ImageSlice }[];
  /** The network's outputs: labels are 0..classes-1. Defaults to 10 (MNIST's digits). */
  classes?: number;
  /** Defaults to the reference kernels. */
  kernels?: Kernels;
  /** Continue a run from here (a checkpoint of a run with the same inputs): what follows is what training straight through gives. */
  resume?: TrainCheckpoint;
  /** Pause after this iteration (and its evaluation, if it has one), with status `paused` and a checkpoint. */
  pauseAfter?: number;
}

/**
 * Everything the rest of a run depends on, after `iteration` iterations: the network's
 * tensors (parameters and running statistics), the optimizer's state, the generator's
 * state (batches and dropout masks), the sampler's position, the losses and evaluations so
 * far, and the divergence rule's count. All copies.
 */
export interface TrainCheckpoint {
  iteration: number;
  tensors: Floats[];
  optimizer: OptimizerState;
  random: number[];
  sampler: SamplerState;
  losses: Float64Array;
  evaluations: EvaluationRecord[];
  divergence: { limit: number; above: number };
}

export interface EvaluationRecord {
  iteration: number;
  /** iteration * batch_size / train slice size */
  epoch: number;
  accuracy: Record<string, number>;
}

export interface TrainObserver {
  /** Each iteration's loss, recorded after the update. */
  onLoss?(iteration: number, loss: number): void;
  onEvaluation?(record: EvaluationRecord): void;
  /** Asked before each iteration; true stops the run there. */
  shouldStop?(): boolean;
  /**
   * When given, evaluations are left to the caller: at each evaluation point the network
   * is handed over (copy its parameters to evaluate them elsewhere, e.g. on another thread
   * with `Evaluator`), and the outcome has no evaluations or predictions of its own.
   * `checkpoint()` copies out where the run is, to continue it later from this point (its
   * evaluations are the caller's to fill in, since the caller made them).
   */
  onSnapshot?(point: { iteration: number; epoch: number; last: boolean }, network: Network, checkpoint: () => TrainCheckpoint): void;
}

export type TrainStatus = 'completed' | 'diverged' | 'stopped' | 'paused';

export interface TrainOutcome {
  status: TrainStatus;
  losses: Float64Array;
  evaluations: EvaluationRecord[];
  /** The iteration whose loss was NaN or infinite, or the first of the stretch above the divergence rule's limit. */
  divergedAt: number | null;
  network: Network;
  /** Each evaluation slice's predicted classes at the last evaluation. */
  predictions: Record<string, Uint8Array>;
  /** Where a `paused` or `stopped` run can go on from; null otherwise. */
  checkpoint: TrainCheckpoint | null;
}

/** Rows of a forward pass during evaluation: large enough to amortise calls, small enough for cache. */
export const EVALUATION_CHUNK = 500;

export function train(inputs: TrainInputs, observer: TrainObserver = {}): TrainOutcome {
  const { model, training, train: slice } = inputs;
  const random = createRandom(training.rng, training.seed);
  const network = new Network({
    architecture: architectureFor(model, slice.images.features, inputs.classes ?? 10),
    precision: training.precision,
    capacity: Math.max(training.batch_size, EVALUATION_CHUNK),
    kernels: inputs.kernels,
    weightDecay: training.weight_decay ?? 0,
  });
  initializeRemembered(network, random, { init: model.init, rng: training.rng, seed: training.seed, precision: training.precision });
  const optimizer = createOptimizer(training, training.precision, network.kernels);
  const params = network.paramGrads();
  const sampler = new BatchSampler(slice, training, random, network.kernels.allocIndices(training.batch_size));
  const labels = new Uint8Array(training.batch_size);
  const losses = new Float64Array(training.iterations);
  const evaluations: EvaluationRecord[] = [];
  const evaluator = new Evaluator(network, observer.onSnapshot ? [] : inputs.evaluate);
  const skip = DeadUnitSkip.for(network, training, slice);
  const divergence = training.divergence ?? DIVERGENCE_DEFAULTS;
  let limit = Number.POSITIVE_INFINITY;
  let above = 0;
  let first = 0;
  const resume = inputs.resume;
  if (resume) {
    network.tensors().forEach((t, k) => t.data.set(resume.tensors[k]));
    optimizer.restore(resume.optimizer);
    random.restore(resume.random);
    sampler.restore(resume.sampler);
    losses.set(resume.losses);
    evaluations.push(...resume.evaluations.map((e) => ({ ...e, accuracy: { ...e.accuracy } })));
    ({ limit, above } = resume.divergence);
    first = resume.iteration;
  }

  const checkpoint = (done: number): TrainCheckpoint => ({
    iteration: done,
    tensors: network.tensors().map((t) => t.data.slice()),
    optimizer: optimizer.state(),
    random: random.state(),
    sampler: sampler.state(),
    losses: losses.slice(0, done),
    evaluations: evaluations.map((e) => ({ ...e, accuracy: { ...e.accuracy } })),
    divergence: { limit, above },
  });
  const end = (status: TrainStatus, done: number, divergedAt: number | null = null): TrainOutcome => ({
    status, losses: losses.slice(0, done), evaluations, divergedAt, network, predictions: evaluator.predictions,
    checkpoint: status === 'paused' || status === 'stopped' ? checkpoint(done) : null,
  });
  for (let i = first; i < training.iterations; i++) {
    if (observer.shouldStop?.()) return end('stopped', i);
    const rows = sampler.next();
    for (let r = 0; r < rows.length; r++) labels[r] = slice.images.labels[rows[r]];
    const input = { kind: 'sparse', images: slice.images, rows, n: rows.length, dead: skip?.dead() } as const;
    // the loss before the update sets the divergence limit, at the first iteration only
    const before = network.gradient(input, labels, i === 0);
    if (i === 0) limit = divergence.factor * before;
    optimizer.update(params);
    skip?.observe(i);
    const loss = network.loss(input, labels);
    losses[i] = loss;
    observer.onLoss?.(i, loss);
    if (!Number.isFinite(loss)) return end('diverged', i + 1, i);
    above = loss > limit ? above + 1 : 0;
    if (above >= divergence.patience) return end('diverged', i + 1, i + 1 - above);
    const last = i === training.iterations - 1;
    if (training.eval_every > 0 && (i % training.eval_every === 0 || last)) {
      const epoch = (i * training.batch_size) / sliceSize(slice);
      if (observer.onSnapshot) {
        observer.onSnapshot({ iteration: i, epoch, last }, network, () => checkpoint(i + 1));
      } else {
        const record = { iteration: i, epoch, accuracy: evaluator.accuracies() };
        evaluations.push(record);
        observer.onEvaluation?.(record);
      }
    }
    if (i === inputs.pauseAfter && !last) return end('paused', i + 1);
  }
  return end('completed', training.iterations);
}

/**
 * Hidden units proven dead on every image of the training slice (dead-units.ts), whose sums
 * training's forward passes then leave out. Under plain SGD without weight decay, such a
 * unit gets a gradient of exactly zero from every batch of the slice, so its weights keep
 * their bits and it stays dead to the end of the run: at lr 1.5, about 40 of the flagship's
 * 50 units. A proof is a screened pass over the slice (an Evaluator's), so one is tried only
 * once some unit's bias gradient has been zero for STREAK iterations in a row, and half as
 * often each time a try proves nothing new (kernel sets that do not screen prove none). The
 * losses and weights are the same bits with or without it.
 */
class DeadUnitSkip {
  private static readonly STREAK = 50;
  private static readonly FIRST_WAIT = 100;
  /** 1 for each unit proven dead, in the kernels' memory. */
  private readonly marks: Int32Array;
  private readonly streak: Int32Array;
  private readonly evaluator: Evaluator;
  /** The first layer's bias gradient. */
  private readonly db: Floats;
  private proven = 0;
  private nextTry = 0;
  private wait = DeadUnitSkip.FIRST_WAIT;

  /** A skip for this run, or null where its premise does not hold: one hidden ReLU layer in float32, plain SGD, no weight decay. */
  static for(network: Network, training: TrainSettings, slice: ImageSlice): DeadUnitSkip | null {
    const layer = network.deadUnitLayer;
    if (!layer || training.optimizer !== 'sgd' || (training.weight_decay ?? 0) !== 0) return null;
    return new DeadUnitSkip(network, layer.hidden, slice);
  }

  private constructor(network: Network, hidden: number, slice: ImageSlice) {
    this.marks = network.kernels.allocIndices(hidden);
    this.streak = new Int32Array(hidden);
    this.evaluator = new Evaluator(network, [{ name: 'training', slice }], {}, null);
    this.db = network.affines[0].db;
  }

  /** The units a forward pass over a batch of the slice may leave out (Input.dead), if any. */
  dead(): Int32Array | undefined {
    return this.proven > 0 ? this.marks : undefined;
  }

  /** After iteration i's update: counts the units whose bias gradient was zero, and tries a proof when one is due. */
  observe(i: number): void {
    const { streak, marks, db } = this;
    let due = false;
    for (let j = 0; j < streak.length; j++) {
      streak[j] = marks[j] === 1 || db[j] !== 0 ? 0 : streak[j] + 1;
      due ||= streak[j] >= DeadUnitSkip.STREAK;
    }
    if (!due || i < this.nextTry) return;
    this.evaluator.accuracies();
    marks.fill(0);
    const { units } = this.evaluator.deadUnits.training;
    for (const unit of units) marks[unit] = 1;
    this.wait = units.length > this.proven ? DeadUnitSkip.FIRST_WAIT : this.wait * 2;
    this.proven = units.length;
    this.nextTry = i + this.wait;
  }
}

/** Where a sampler is: for `shuffle`, the epoch's order and the next position in it. */
export interface SamplerState {
  order: number[] | null;
  next: number;
}

/** The rows (image indices) of each minibatch, in a buffer reused from one call to the next. */
class BatchSampler {
  private readonly size: number;
  private order: Uint32Array | null = null;
  private position = 0;

  constructor(
    private readonly slice: ImageSlice,
    private readonly training: TrainSettings,
    private readonly random: Random,
    private readonly rows: Int32Array,
  ) {
    this.size = sliceSize(slice);
    if (training.sampling === 'shuffle') this.order = permutation(random, this.size);
  }

  next(): Int32Array {
    const { rows, slice, random, size } = this;
    if (this.training.sampling === 'replacement') {
      // np.random.choice(size, batch) with replacement: one bounded draw per row.
      for (let r = 0; r < rows.length; r++) rows[r] = imageAt(slice, random.int(size));
      return rows;
    }
    if (this.position + rows.length > size) {
      this.order = permutation(random, size);
      this.position = 0;
    }
    for (let r = 0; r < rows.length; r++) rows[r] = imageAt(slice, this.order![this.position++]);
    return rows;
  }

  state(): SamplerState {
    return { order: this.order ? [...this.order] : null, next: this.position };
  }

  restore(state: SamplerState): void {
    this.order = state.order ? Uint32Array.from(state.order) : null;
    this.position = state.next;
  }
}

/**
 * Accuracy on each evaluation slice, through the network in chunks (as many images as
 * `classify` takes at once: W is packed once per chunk). Float64 evaluation
 * uses plain float64 sums: an argmax needs no NumPy-exact rounding, and it is 20x faster.
 * Each evaluation leaves, per slice, the hidden units it proved dead in `deadUnits` and its
 * images' certificates in `carries`, and the next one (of this evaluator, or of one given
 * them) skips the dead units whose weights have not changed (dead-units.ts) and the images
 * whose certificates outlast the weights' change since (score-carry.ts): the classes are the
 * same, sooner.
 */
export class Evaluator {
  private readonly rows: Int32Array;
  private readonly kernels: Kernels;
  /** Slice name -> the predicted class of each of its images, at the last evaluation. */
  readonly predictions: Record<string, Uint8Array> = {};
  /** Slice name -> the hidden units proven dead on it at the last evaluation, with their weights then. */
  readonly deadUnits: Record<string, DeadUnits>;
  /** Slice name -> its images' certificates at the last evaluation (where the kernels keep them). */
  readonly carries: Record<string, ScoreCarry>;
  /** Slice name -> how many of its images the last evaluation settled from the certificates, neither screened nor summed. */
  readonly fromCertificates: Record<string, number> = {};
  /**
   * Where the network has a layer whose dead units can be skipped: that layer, the units marked
   * for each chunk (in the kernels' memory), those known dead, and those proven on every chunk so far.
   */
  private readonly dead: { layer: FirstLayer; chunk: Int32Array; known: Int32Array; proven: Int32Array } | null;
  /** The weights certificates are for, where this evaluator carries them, and how many values they are. */
  private readonly carried: Float32Array[] | null;
  private readonly carriedLength: number;
  /** False once the kernels have not kept a carry (a set that does not screen): none is made again. */
  private carrying = true;

  /** `carries` null: none kept (an evaluator that only proves dead units, which a carried image would not show). */
  constructor(
    private readonly network: Network,
    private readonly slices: readonly { name: string; slice: ImageSlice }[],
    deadUnits: Record<string, DeadUnits> = {},
    carries: Record<string, ScoreCarry> | null = {},
  ) {
    this.rows = network.kernels.allocIndices(network.classifyChunk);
    this.kernels = network.precision === 'float64' ? referenceKernels : network.kernels;
    this.deadUnits = { ...deadUnits };
    this.carries = { ...carries };
    this.carried = carries ? network.carriedWeights : null;
    this.carriedLength = this.carried?.reduce((n, w) => n + w.length, 0) ?? 0;
    // the layer's tensors are the network's own: it stays the same object's whatever its weights
    const layer = network.deadUnitLayer;
    this.dead = layer
      ? { layer, chunk: this.kernels.allocIndices(layer.hidden), known: new Int32Array(layer.hidden), proven: new Int32Array(layer.hidden) }
      : null;
  }

  accuracies(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const { name, slice } of this.slices) result[name] = this.accuracy(name, slice, (this.predictions[name] ??= new Uint8Array(sliceSize(slice))));
    return result;
  }

  private accuracy(name: string, slice: ImageSlice, predicted: Uint8Array): number {
    const { images } = slice;
    const size = sliceSize(slice);
    const { dead } = this;
    if (dead) {
      stillDead(this.deadUnits[name], dead.layer, dead.known);
      dead.proven.fill(1);
    }
    const carry = this.takeCarry(name, size);
    const turn = carry ? carryTurn(carry) : { tries: false, writes: false };
    let kept = turn.writes;
    let carried = 0;
    let correct = 0;
    for (let from = 0; from < size; from += this.rows.length) {
      const n = Math.min(this.rows.length, size - from);
      imagesAt(slice, from, this.rows, n);
      dead?.chunk.set(dead.known);
      const call = carry && turn.writes ? callCarry(carry, turn.tries, images, from, n) : undefined;
      this.network.classify({ kind: 'sparse', images, rows: this.rows, n }, predicted, from, this.kernels, dead?.chunk, call);
      kept &&= call?.kept === true;
      carried += call?.carried ?? 0;
      if (dead) for (let j = 0; j < dead.proven.length; j++) dead.proven[j] &= dead.chunk[j];
      correct += matches(predicted, from, images.labels, this.rows, n);
    }
    this.fromCertificates[name] = carried;
    if (turn.writes && !kept) this.carrying = false;
    if (carry && (kept || !turn.writes)) {
      if (turn.tries) afterTry(carry, carried, size);
      if (kept) keepAnchor(carry, turn.tries, this.carried!, this.carriedLength);
      else dropAnchors(carry);
      this.carries[name] = carry;
    }
    if (dead) {
      // proven exactly the units of the record, each with the same weights: the record stands, not copied again
      const record = this.deadUnits[name];
      const same = record !== undefined && record.units.length === dead.proven.reduce((n, d) => n + d, 0)
        && record.units.every((unit) => dead.known[unit] === 1 && dead.proven[unit] === 1);
      if (!same) this.deadUnits[name] = deadUnitsOf(dead.proven, dead.layer);
    }
    return correct / size;
  }

  /**
   * The slice's carry, taken out of `carries` until the evaluation has rewritten all of it (a
   * half-rewritten one must not be read); a new one where there is none that fits. Null where
   * nothing is carried.
   */
  private takeCarry(name: string, size: number): ScoreCarry | null {
    if (!this.carried || !this.carrying) return null;
    const weights = this.carriedLength;
    const carry = this.carries[name];
    delete this.carries[name];
    return carryFits(carry, size, weights) ? carry : emptyCarry(size);
  }
}

