/**
 * Every layer type, one entry each: what it does to a shape and which tensors it owns.
 * The spec's schema and shape checks, the model files and `predict` take their list of
 * layer types from here (a test keeps the schema in step).
 */
import { describeShape, sizeOf, type Architecture, type LayerSpec, type LayerType, type Shape, type TensorShape } from '../architecture.js';

export interface LayerKind<S extends LayerSpec = LayerSpec> {
  /** The shape of one image's output, or why this layer can't take `input` (e.g. "pool 2x2 receives 30x1x1"). */
  outputShape(input: Shape, layer: S): Shape | { problem: string };
  /** The tensors the layer owns, named within the layer (W, b, gamma, ...), in saving order. */
  tensors(input: Shape, layer: S): TensorShape[];
}

type Registry = { [T in LayerType]: LayerKind<Extract<LayerSpec, { type: T }>> };

const elementwise: LayerKind = { outputShape: (input) => input, tensors: () => [] };

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
  },
  conv: {
    outputShape(input, { filters, size, stride, pad }) {
      const height = windows(input.height, size, stride, pad);
      const width = windows(input.width, size, stride, pad);
      if (height === null || width === null) {
        return { problem: `conv ${size}x${size} with pad ${pad} receives ${describeShape(input)}` };
      }
      return { channels: filters, height, width };
    },
    tensors: (input, { filters, size }) => [
      { name: 'W', shape: [filters, input.channels, size, size], trainable: true },
      { name: 'b', shape: [filters], trainable: true },
    ],
  },
  pool: {
    outputShape(input, { size, stride }) {
      const height = windows(input.height, size, stride, 0);
      const width = windows(input.width, size, stride, 0);
      if (height === null || width === null) return { problem: `pool ${size}x${size} receives ${describeShape(input)}` };
      return { channels: input.channels, height, width };
    },
    tensors: () => [],
  },
  relu: elementwise,
  sigmoid: elementwise,
  tanh: elementwise,
  batchnorm: {
    outputShape: (input) => input,
    /** One scale and shift per channel (per feature after a dense layer). */
    tensors: (input) => [
      { name: 'gamma', shape: [input.channels], trainable: true },
      { name: 'beta', shape: [input.channels], trainable: true },
      { name: 'running_mean', shape: [input.channels], trainable: false },
      { name: 'running_var', shape: [input.channels], trainable: false },
    ],
  },
  dropout: elementwise,
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
