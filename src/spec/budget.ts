/**
 * A run's size before it is built: its parameters and the memory it will need, checked
 * against the spec's `limits` so that validate refuses what would fail at run time
 * ("Invalid typed array length", WebAssembly.Memory.grow()) or swap for minutes.
 * Any architecture: the tensors come from the core's layer registry.
 */
import { sizeOf, type Architecture } from '../core/architecture.js';
import { architectureTensors, traceShapes } from '../core/layers/registry.js';
import { specMessages } from './messages.js';
import { OPTIMIZERS } from './optimizers.js';
import type { Problem } from './problem.js';
import type { ProblemAt } from './semantic.js';
import type { LimitsSpec, ModelSpec, TrainingSpec } from './types.js';

/** Rows the network is sized for besides a batch: evaluation's chunk (core/train.ts EVALUATION_CHUNK). */
const EVALUATION_ROWS = 500;
/** Per parameter besides the optimizer's state: weights, gradients, the input-gradient workspace, the evaluating worker's copy. */
const COPIES = 4;
export const MIB = 1024 ** 2;

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes of one number in this precision. */
const bytesOf = (precision: TrainingSpec['precision']): number => (precision === 'float64' ? 8 : 4);

/** Bytes of every number a saved model holds (its file holds at least these). */
export function modelBytes(architecture: Architecture, precision: TrainingSpec['precision']): number {
  const { trainable, other } = parameterCount(architecture);
  return (trainable + other) * bytesOf(precision);
}

/** Trainable numbers (weights, biases, batchnorm's scale and shift) and the others (running averages). */
export function parameterCount(architecture: Architecture): { trainable: number; other: number } {
  const tensors = architectureTensors(architecture);
  const count = (trainable: boolean) => tensors.filter((t) => t.trainable === trainable).reduce((sum, t) => sum + product(t.shape), 0);
  return { trainable: count(true), other: count(false) };
}

/**
 * The estimate the schema's limits.max_memory_mb describes, in bytes, split into its two terms:
 * each layer with weights keeps its input, its output and the output's gradient; every other
 * layer its output and that output's gradient, for each of `rows` images.
 */
export function memoryEstimate(architecture: Architecture, training: Pick<TrainingSpec, 'precision' | 'batch_size' | 'optimizer'>): { parameters: number; activations: number } {
  const bytes = bytesOf(training.precision);
  const rows = Math.max(training.batch_size, EVALUATION_ROWS);
  const { trainable, other } = parameterCount(architecture);
  const parameters = bytes * ((COPIES + OPTIMIZERS[training.optimizer].state) * trainable + other);
  const perImage = traceShapes(architecture).shapes.reduce((sum, { input, output }, i) => {
    const weighted = architecture.layers[i].type === 'affine' || architecture.layers[i].type === 'conv';
    return sum + (weighted ? sizeOf(input) : 0) + 2 * sizeOf(output);
  }, 0);
  return { parameters, activations: bytes * rows * perImage };
}

/** Problems with one run's size: at the model, or at training.batch_size when the batch's activations are most of it. */
export function checkBudget(model: ModelSpec, architecture: Architecture, training: TrainingSpec, limits: LimitsSpec, at: ProblemAt): Problem[] {
  const modelPath = 'layers' in model ? ['model', 'layers'] : ['model', 'hidden'];
  const { trainable } = parameterCount(architecture);
  const bytes = bytesOf(training.precision);
  if (trainable > limits.max_parameters) {
    return [at(modelPath, 'value', specMessages.tooManyParameters(modelPath.join('.'), trainable, trainable * bytes, training.precision, limits.max_parameters))];
  }
  const memory = memoryEstimate(architecture, training);
  const total = memory.parameters + memory.activations;
  if (total > limits.max_memory_mb * MIB) {
    const where = memory.activations > memory.parameters ? ['training', 'batch_size'] : modelPath;
    return [at(where, 'value', specMessages.tooMuchMemory(where.join('.'), total, limits.max_memory_mb))];
  }
  return [];
}
