/**
 * A SavedModel as an ONNX graph (opset 13), one entry per layer type. The input `image` is
 * float32 [N, channels, height, width], the network's own input: pixel / 255, 0 for the
 * background and 1 for ink, as `predict` prepares an image; the output `probabilities` is
 * float32 [N, classes], softmax over the last layer's outputs. Weights keep their names
 * (`layers.0.W`, ...) and layouts (conv W is ONNX's OIHW; affine W is inputs x outputs, Gemm's
 * B); a float64 model's weights are rounded to float32, ONNX Runtime's CPU type.
 */
import { sizeOf, type LayerSpec, type LayerType, type Shape } from '../core/architecture.js';
import { traceShapes } from '../core/layers/registry.js';
import type { SavedModel } from '../model/saved-model.js';
import type { Attribute, Initializer, OnnxModel, OnnxNode } from './onnx-proto.js';

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 7;
export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'probabilities';

/** The graph as it is built: nodes, weights, and the tensor the next layer reads. */
class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  /** The current tensor: 4-d [N, C, H, W] (`image`) or 2-d [N, features] (`flat`). */
  value = ONNX_INPUT;
  rank: 'image' | 'flat' = 'image';

  constructor(private readonly model: SavedModel) {}

  /** Adds a node reading the current tensor (and `weights`), which becomes the current one. */
  node(opType: string, name: string, weights: string[] = [], attributes: Attribute[] = []): void {
    this.nodes.push({ opType, name, inputs: [this.value, ...weights], outputs: [name], attributes });
    this.value = name;
  }

  /** The saved tensor `name` as an initializer (float32); returns its name. */
  weight(name: string): string {
    const tensor = this.model.tensors.find((t) => t.name === name)!;
    this.initializers.push({ name, dims: tensor.shape, data: Float32Array.from(tensor.data) });
    return name;
  }

  flat(prefix: string): void {
    if (this.rank === 'flat') return;
    this.node('Flatten', `${prefix}.flatten`, [], [{ name: 'axis', int: 1 }]);
    this.rank = 'flat';
  }

  image(prefix: string, shape: Shape): void {
    if (this.rank === 'image') return;
    const target = `${prefix}.shape`;
    this.initializers.push({ name: target, dims: [4], data: BigInt64Array.from([0n, BigInt(shape.channels), BigInt(shape.height), BigInt(shape.width)]) });
    this.node('Reshape', `${prefix}.reshape`, [target]);
    this.rank = 'image';
  }
}

type Emit<S extends LayerSpec> = (g: GraphBuilder, layer: S, at: { name: string; input: Shape }) => void;

/** How each layer type is written: typed so that a new layer type fails to compile until it is here. */
const ONNX_LAYERS: { [T in LayerType]: Emit<Extract<LayerSpec, { type: T }>> } = {
  affine(g, _layer, { name }) {
    g.flat(name);
    g.node('Gemm', name, [g.weight(`${name}.W`), g.weight(`${name}.b`)]);
  },
  conv(g, { size, stride, pad }, { name, input }) {
    g.image(name, input);
    g.node('Conv', name, [g.weight(`${name}.W`), g.weight(`${name}.b`)], [
      { name: 'kernel_shape', ints: [size, size] },
      { name: 'pads', ints: [pad, pad, pad, pad] },
      { name: 'strides', ints: [stride, stride] },
    ]);
  },
  pool(g, { size, stride }, { name, input }) {
    g.image(name, input);
    g.node('MaxPool', name, [], [
      { name: 'kernel_shape', ints: [size, size] },
      { name: 'strides', ints: [stride, stride] },
    ]);
  },
  relu: (g, _layer, { name }) => g.node('Relu', name),
  sigmoid: (g, _layer, { name }) => g.node('Sigmoid', name),
  tanh: (g, _layer, { name }) => g.node('Tanh', name),
  /** With the running statistics, as in evaluation; per channel after a conv, per feature after a dense layer. */
  batchnorm(g, { epsilon }, { name }) {
    const inputs = ['gamma', 'beta', 'running_mean', 'running_var'].map((t) => g.weight(`${name}.${t}`));
    g.node('BatchNormalization', name, inputs, [{ name: 'epsilon', float: epsilon }]);
  },
  /** The identity at inference, as ONNX's Dropout is without a training_mode input. */
  dropout: (g, _layer, { name }) => g.node('Dropout', name),
};

/** The ONNX file's producer_name: export replaces only a file that names it. */
export const PRODUCER_NAME = 'run-experiments';

/** The ONNX model of a saved network. */
export function onnxModelOf(model: SavedModel, producerVersion: string): OnnxModel {
  const { shapes } = traceShapes(model.architecture);
  const g = new GraphBuilder(model);
  model.architecture.layers.forEach((layer, i) => {
    const emit = ONNX_LAYERS[layer.type] as Emit<LayerSpec>;
    emit(g, layer, { name: `layers.${i}`, input: shapes[i].input });
  });
  g.flat('output');
  g.node('Softmax', ONNX_OUTPUT, [], [{ name: 'axis', int: 1 }]);
  const { channels, height, width } = model.architecture.input;
  return {
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_OPSET,
    producerName: PRODUCER_NAME,
    producerVersion,
    docString:
      `A run-experiments network (run hash ${model.hash}, trained in ${model.precision}). ` +
      `Input "${ONNX_INPUT}": float32 [N, ${channels}, ${height}, ${width}], pixel / 255 (0 background, 1 ink), as run-experiments predict prepares images. ` +
      `Output "${ONNX_OUTPUT}": float32 [N, ${sizeOf(shapes.at(-1)!.output)}], softmax probabilities.`,
    graph: {
      name: 'run-experiments',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: ONNX_INPUT, dims: ['N', channels, height, width] }],
      outputs: [{ name: ONNX_OUTPUT, dims: ['N', sizeOf(shapes.at(-1)!.output)] }],
    },
  };
}
