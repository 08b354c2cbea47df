/**
 * Run folders saved before model.safetensors (model.json + model.bin, format.ts) still
 * load: their dense layers become the architecture the seed's shorthand gives
 * (`fromHidden`), and their W1, b1, W2, b2, ... the tensors `layers.0.W`, `layers.0.b`,
 * `layers.2.W`, ... of that architecture.
 */
import { flatShape, fromHidden, type Shape } from '../core/architecture.js';
import { architectureTensors } from '../core/layers/registry.js';
import type { ModelParams } from './format.js';
import type { SavedModel } from './saved-model.js';

export function savedModelFromLegacy(model: ModelParams & { hash: string }): SavedModel {
  const inputs = model.layers[0].inputs;
  const classes = model.layers[model.layers.length - 1].outputs;
  const architecture = fromHidden(imageShapeOf(inputs), model.layers.slice(0, -1).map((l) => l.outputs), model.activation, classes);
  const values = model.layers.flatMap((l) => [l.W, l.b]);
  const tensors = architectureTensors(architecture).map(({ name, shape }, i) => ({ name, shape, data: values[i] }));
  return { architecture, precision: model.precision, tensors, hash: model.hash };
}

/** The old format kept only the number of inputs: a square number is a square greyscale image (784: 1x28x28). */
function imageShapeOf(inputs: number): Shape {
  const side = Math.round(Math.sqrt(inputs));
  return side * side === inputs ? { channels: 1, height: side, width: side } : flatShape(inputs);
}
