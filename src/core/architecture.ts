/**
 * A network as data: the input's shape, then its layers in order; softmax with
 * cross-entropy follows the last layer. The spec, the core, the model files and
 * `predict` all speak this form. What each layer type does to a shape, and which
 * tensors it owns, is the layer registry's business (layers/registry.ts).
 *
 * Activations are laid out per image as channels x height x width, row-major (NumPy's
 * NCHW); a flat vector of n features is n x 1 x 1, and a dense layer after a
 * convolution reads its input in that order (NumPy's `x.reshape(N, -1)`).
 */

/** The shape of one image's activations. */
export interface Shape {
  channels: number;
  height: number;
  width: number;
}

export type LayerSpec =
  /** A dense layer: x . W + b, W stored inputs x outputs. */
  | { type: 'affine'; outputs: number }
  /** A convolution, W stored filters x channels x size x size (ONNX's OIHW), one bias per filter. */
  | { type: 'conv'; filters: number; size: number; stride: number; pad: number }
  /** Max pooling over size x size windows. */
  | { type: 'pool'; size: number; stride: number }
  | { type: 'relu' }
  | { type: 'sigmoid' }
  | { type: 'tanh' }
  /** Batch normalization: batch statistics while training, running averages otherwise. */
  | { type: 'batchnorm'; momentum: number; epsilon: number }
  /** Dropout of `rate` of the units while training; the identity otherwise. */
  | { type: 'dropout'; rate: number };

export type LayerType = LayerSpec['type'];

export interface Architecture {
  input: Shape;
  layers: LayerSpec[];
}

/** A tensor a layer owns, e.g. `layers.0.W`; `trainable: false` for running statistics. */
export interface TensorShape {
  name: string;
  shape: number[];
  trainable: boolean;
}

export function flatShape(features: number): Shape {
  return { channels: features, height: 1, width: 1 };
}

export function sizeOf(shape: Shape): number {
  return shape.channels * shape.height * shape.width;
}

/** "30x12x12", or "100" for a flat vector. */
export function describeShape(shape: Shape): string {
  return shape.height === 1 && shape.width === 1 ? `${shape.channels}` : `${shape.channels}x${shape.height}x${shape.width}`;
}

/** The seed's shorthand: affine(h) -> activation for each hidden width, then affine(classes). */
export function fromHidden(input: Shape, hidden: readonly number[], activation: 'relu' | 'sigmoid' | 'tanh', classes: number): Architecture {
  const layers: LayerSpec[] = hidden.flatMap((outputs): LayerSpec[] => [{ type: 'affine', outputs }, { type: activation }]);
  return { input, layers: [...layers, { type: 'affine', outputs: classes }] };
}
