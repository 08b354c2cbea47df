/**
 * A trained network as data, whatever its architecture: what the model files hold, what
 * `predict` and `export` read. Its tensors are exactly the architecture's
 * (layers/registry.ts `architectureTensors`): the same names, order and shapes.
 */
import { architectureTensors, traceShapes } from '../core/layers/registry.js';
import type { Architecture } from '../core/architecture.js';
import type { Precision } from '../core/floats.js';
import { formatProblems as p } from './messages.js';

export interface SavedTensor {
  /** `layers.<i>.W`, `layers.<i>.b`, `layers.<i>.gamma`, ... */
  name: string;
  shape: number[];
  /** Float32Array for a float32 run, Float64Array for a float64 run. */
  data: Float32Array | Float64Array;
}

export interface SavedModel {
  architecture: Architecture;
  precision: Precision;
  tensors: SavedTensor[];
  /** The run's config hash (PlannedRun.hash). */
  hash: string;
}

/**
 * What is wrong with these tensors as the architecture's, in words, or null: a missing or
 * extra tensor, another order, another shape, a data length that is not the shape's.
 */
export function tensorsProblem(architecture: Architecture, tensors: readonly { name: string; shape: readonly number[]; length: number }[]): string | null {
  const { problem } = traceShapes(architecture);
  if (problem) return p.layerShape(problem.layer, problem.message);
  const expected = architectureTensors(architecture);
  for (let i = 0; i < Math.max(expected.length, tensors.length); i++) {
    const want = expected[i];
    const got = tensors[i];
    if (!want) return p.extraTensor(got.name);
    if (!got) return p.missingTensor(want.name);
    if (got.name !== want.name) return p.tensorOrder(i + 1, want.name, got.name);
    if (!sameShape(got.shape, want.shape)) return p.tensorShape(want.name, got.shape, want.shape);
    if (got.length !== elements(want.shape)) return p.tensorLength(want.name, got.length, elements(want.shape));
  }
  return null;
}

export function elements(shape: readonly number[]): number {
  return shape.reduce((product, d) => product * d, 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
