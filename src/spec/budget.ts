/**
 * A run's size before it is built: its parameters and the memory it will need, checked
 * against the spec's `limits` so that validate refuses what would fail at run time
 * ("Invalid typed array length", WebAssembly.Memory.grow()) or swap for minutes.
 */
import { specMessages } from './messages.js';
import type { Problem } from './problem.js';
import type { ProblemAt } from './semantic.js';
import type { ExperimentSpec, LimitsSpec, OptimizerName } from './types.js';

/** Outputs of the last layer: the ten digits. */
export const CLASSES = 10;
/** Rows the network is sized for besides a batch: evaluation's chunk (core/train.ts EVALUATION_CHUNK). */
const EVALUATION_ROWS = 500;
/** Numbers an optimizer keeps per parameter. */
const OPTIMIZER_SLOTS: Record<OptimizerName, number> = { sgd: 0, momentum: 1, adagrad: 1, adam: 2 };
/** Per parameter besides the optimizer's: weights, gradients, the input-gradient workspace, the evaluating worker's copy. */
const COPIES = 4;
export const MIB = 1024 ** 2;

/** Each layer's inputs and outputs: features -> hidden... -> classes. */
export function layerShapes(features: number, hidden: number[]): { inputs: number; outputs: number }[] {
  const widths = [features, ...hidden, CLASSES];
  return widths.slice(1).map((outputs, i) => ({ inputs: widths[i], outputs }));
}

/** Weights and biases. */
export function parameterCount(features: number, hidden: number[]): number {
  return layerShapes(features, hidden).reduce((sum, { inputs, outputs }) => sum + inputs * outputs + outputs, 0);
}

/** The estimate the schema's limits.max_memory_mb describes, in bytes, split into its two terms. */
export function memoryEstimate(spec: Pick<ExperimentSpec, 'model' | 'training'>, features: number): { parameters: number; activations: number } {
  const bytes = spec.training.precision === 'float64' ? 8 : 4;
  const shapes = layerShapes(features, spec.model.hidden);
  const rows = Math.max(spec.training.batch_size, EVALUATION_ROWS);
  const parameters = bytes * (COPIES + OPTIMIZER_SLOTS[spec.training.optimizer]) * parameterCount(features, spec.model.hidden);
  const activations = bytes * rows * shapes.reduce((sum, { inputs, outputs }) => sum + inputs + 2 * outputs, 0);
  return { parameters, activations };
}

/** Problems with one run's size: at model.hidden, or at training.batch_size when the batch's activations are most of it. */
export function checkBudget(spec: Pick<ExperimentSpec, 'model' | 'training'>, features: number, limits: LimitsSpec, at: ProblemAt): Problem[] {
  const count = parameterCount(features, spec.model.hidden);
  const bytes = spec.training.precision === 'float64' ? 8 : 4;
  if (count > limits.max_parameters) {
    return [at(['model', 'hidden'], 'value', specMessages.tooManyParameters(count, count * bytes, spec.training.precision, limits.max_parameters))];
  }
  const memory = memoryEstimate(spec, features);
  const total = memory.parameters + memory.activations;
  if (total > limits.max_memory_mb * MIB) {
    const where = memory.activations > memory.parameters ? ['training', 'batch_size'] : ['model', 'hidden'];
    return [at(where, 'value', specMessages.tooMuchMemory(where.join('.'), total, limits.max_memory_mb))];
  }
  return [];
}
