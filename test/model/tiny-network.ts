/** A test double of the core's Mlp: a plain forward pass, nothing shared with src/core. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel, MODEL_BIN, MODEL_JSON, type ModelParams } from '../../src/model/format.js';
import { savedModelFromLegacy } from '../../src/model/legacy.js';
import type { SavedModel } from '../../src/model/saved-model.js';

export function tinyModel(precision: 'float32' | 'float64' = 'float32', activation: 'relu' | 'sigmoid' = 'relu'): ModelParams {
  const make = (length: number, f: (i: number) => number) =>
    precision === 'float32' ? Float32Array.from({ length }, (_, i) => f(i)) : Float64Array.from({ length }, (_, i) => f(i));
  const layer = (inputs: number, outputs: number, salt: number) => ({
    inputs,
    outputs,
    W: make(inputs * outputs, (i) => Math.sin(i * 12.9898 + salt) * 0.1),
    b: make(outputs, (i) => Math.cos(i + salt) * 0.01),
  });
  return { activation, precision, layers: [layer(784, 5, 1), layer(5, 10, 2)] };
}

/** Softmax probabilities of one 784-pixel image, computed directly from the parameters. */
export function forward(model: ModelParams, x: ArrayLike<number>): number[] {
  let a = Array.from(x);
  model.layers.forEach((layer, l) => {
    const out = Array.from(layer.b);
    for (let i = 0; i < layer.inputs; i++) for (let j = 0; j < layer.outputs; j++) out[j] += a[i] * layer.W[i * layer.outputs + j];
    const last = l === model.layers.length - 1;
    a = last ? out : out.map((v) => (model.activation === 'relu' ? Math.max(0, v) : 1 / (1 + Math.exp(-v))));
  });
  const max = Math.max(...a);
  const e = a.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** tinyModel as a SavedModel (architecture 1x28x28 -> affine 5 -> activation -> affine 10), as model.safetensors holds it. */
export function tinySaved(precision: 'float32' | 'float64' = 'float32', activation: 'relu' | 'sigmoid' = 'relu', hash = 'h'): SavedModel {
  return savedModelFromLegacy({ ...tinyModel(precision, activation), hash });
}

/** Writes a run folder as versions before model.safetensors did: model.json and model.bin. */
export function saveLegacyModel(dir: string, model: ModelParams, hash = 'h'): void {
  const { json, bin } = encodeModel(model, { hash });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MODEL_BIN), bin);
  writeFileSync(join(dir, MODEL_JSON), json);
}
