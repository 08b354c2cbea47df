/**
 * Every layer type, one entry each: what it does to a shape and which tensors it owns.
 * The spec's schema and shape checks, the model files and `predict` take their list of
 * layer types from here (a test keeps the schema in step).
 */
import { describeShape, sizeOf, type Architecture, type LayerSpec, type LayerType, type Shape, type TensorShape } from '../architecture.js';
import type { Floats } from '../floats.js';
import { Affine } from './affine.js';
import { BatchNorm } from './batchnorm.js';
import { Conv } from './conv.js';
import { Dropout } from './dropout.js';
import type { Layer, LayerContext } from './layer.js';
import { Pool } from './pool.js';
import { Relu } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { Tanh } from './tanh.js';

export interface LayerKind<S extends LayerSpec = LayerSpec> {
  /** The shape of one image's output, or why this layer can't take `input` (e.g. "pool 2x2 receives 30x1x1"). */
  outputShape(input: Shape, layer: S): Shape | { problem: string };
  /** The tensors the layer owns, named within the layer (W, b, gamma, ...), in saving order. */
  tensors(input: Shape, layer: S): TensorShape[];
  /** The working layer, its buffers for `context.capacity` images; its `tensors` match `tensors` above. */
  create(context: LayerContext, layer: S): Layer;
  /** Whether it reads the network's sparse images itself when it comes first (else they are made dense for it). */
  readsSparse?: boolean;
}

type Registry = { [T in LayerType]: LayerKind<Extract<LayerSpec, { type: T }>> };

const alloc = (c: LayerContext) => (length: number): Floats => c.kernels.alloc(c.precision, length);

/** A layer that keeps its input's shape and owns no tensors. */
function elementwise<S extends LayerSpec>(create: (context: LayerContext, layer: S) => Layer): LayerKind<S> {
  return { outputShape: (input) => input, tensors: () => [], create };
}

/** Output size of a sliding window, or null when the window does not fit. */
function windows(extent: number, size: number, stride: number, pad: number): number | null {
  const span = extent + 2 * pad - size;
  return span < 0 ? null : Math.floor(span / stride) + 1;
}

export const LAYERS: Registry = {
  affine: {
    outputShape: (_input, layer) => ({ channels: layer.outputs, height: 1, width: 1 }),
    tensors: (input, layer) => [
      { name: 'W', shape: [sizeOf(input), layer.outputs], trainable: true },
      { name: 'b', shape: [layer.outputs], trainable: true },
    ],
    create: (c, layer) => new Affine(c.kernels, c.pixel, c.precision, sizeOf(c.input), layer.outputs, c.capacity, !c.first),
    readsSparse: true,
  },
  conv: {
    outputShape(input, { filters, size, stride, pad }) {
      const height = windows(input.height, size, stride, pad);
      const width = windows(input.width, size, stride, pad);
      if (height === null || width === null) {
        return { problem: `conv ${size}x${size} with pad ${pad} receives ${describeImage(input)}` };
      }
      return { channels: filters, height, width };
    },
    tensors: (input, { filters, size }) => [
      { name: 'W', shape: [filters, input.channels, size, size], trainable: true },
      { name: 'b', shape: [filters], trainable: true },
    ],
    create: (c, { filters, size, stride, pad }) =>
      new Conv(c.kernels, c.pixel, c.precision, { ...c.input, size, stride, pad, outHeight: c.output.height, outWidth: c.output.width }, filters, c.capacity, !c.first),
    readsSparse: true,
  },
  pool: {
    outputShape(input, { size, stride }) {
      const height = windows(input.height, size, stride, 0);
      const width = windows(input.width, size, stride, 0);
      if (height === null || width === null) return { problem: `pool ${size}x${size} receives ${describeImage(input)}` };
      return { channels: input.channels, height, width };
    },
    tensors: () => [],
    create: (c, { size, stride }) => new Pool(c.kernels, alloc(c), c.input, c.output, size, stride, c.capacity),
  },
  relu: elementwise((c) => new Relu(c.kernels, c.precision, sizeOf(c.input), c.capacity)),
  sigmoid: elementwise((c) => new Sigmoid(alloc(c), sizeOf(c.input), c.capacity)),
  tanh: elementwise((c) => new Tanh(alloc(c), sizeOf(c.input), c.capacity)),
  batchnorm: {
    outputShape: (input) => input,
    /** One scale and shift per channel (per feature after a dense layer). */
    tensors: (input) => [
      { name: 'gamma', shape: [input.channels], trainable: true },
      { name: 'beta', shape: [input.channels], trainable: true },
      { name: 'running_mean', shape: [input.channels], trainable: false },
      { name: 'running_var', shape: [input.channels], trainable: false },
    ],
    create: (c, { momentum, epsilon }) => new BatchNorm(alloc(c), c.input, c.capacity, momentum, epsilon),
  },
  dropout: elementwise((c, { rate }) => new Dropout(alloc(c), sizeOf(c.input), c.capacity, rate, c.random)),
};

export const LAYER_TYPES = Object.keys(LAYERS) as LayerType[];

export function layerKind<S extends LayerSpec>(layer: S): LayerKind<S> {
  return LAYERS[layer.type] as unknown as LayerKind<S>;
}

/** Each layer's input and output shape, stopping at the first layer that can't take its input. */
export function traceShapes(architecture: Architecture): { shapes: { input: Shape; output: Shape }[]; problem?: { layer: number; message: string } } {
  const shapes: { input: Shape; output: Shape }[] = [];
  let input = architecture.input;
  for (const [i, layer] of architecture.layers.entries()) {
    const output = layerKind(layer).outputShape(input, layer);
    if ('problem' in output) return { shapes, problem: { layer: i, message: output.problem } };
    shapes.push({ input, output });
    input = output;
  }
  return { shapes };
}

/** Every tensor of the network, named `layers.<index>.<name>`, in layer order. Throws on a shape problem. */
export function architectureTensors(architecture: Architecture): TensorShape[] {
  const { shapes, problem } = traceShapes(architecture);
  if (problem) throw new Error(`layer ${problem.layer}: ${problem.message}`);
  return architecture.layers.flatMap((layer, i) =>
    layerKind(layer)
      .tensors(shapes[i].input, layer)
      .map((t) => ({ ...t, name: `layers.${i}.${t.name}` })),
  );
}

/** A shape as channels x height x width, 1x1 included: what a window layer slides over. */
function describeImage(shape: Shape): string {
  return `${shape.channels}x${shape.height}x${shape.width}`;
}
