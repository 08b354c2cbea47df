/**
 * What every layer of a Network is: a forward pass that keeps what its backward pass
 * needs, the backward pass, and the tensors it owns (named as the registry names them).
 * Buffers are allocated once, for up to `capacity` images, so training allocates nothing
 * per iteration.
 */
import type { Shape } from '../architecture.js';
import type { Floats, Input, Precision } from '../floats.js';
import type { Init } from '../init.js';
import type { Kernels } from '../kernels/kernels.js';
import type { Random } from '../random/index.js';

/** `train`: batch statistics, fresh dropout masks; `evaluate`: running statistics, no dropout. */
export type Mode = 'train' | 'evaluate';

/** A tensor a layer owns; `grad` is null for what training does not descend on (running statistics). */
export interface LayerTensor {
  name: string;
  data: Floats;
  grad: Floats | null;
}

export interface Layer {
  /** Output (n x outputs per image), valid until the next forward pass. `kernels` may differ from training's for passes without gradients. */
  forward(input: Input, mode: Mode, kernels: Kernels): Floats;
  /** The gradient with respect to the input, or null for a first layer (nothing needs it). May overwrite `dout`. */
  backward(dout: Floats): Floats | null;
  /** In the registry's order (architectureTensors). */
  readonly tensors: readonly LayerTensor[];
  /** Draws or sets the layer's parameters; `fanIn` is the He/Xavier n. */
  initialize?(init: Init, random: Random): void;
}

/** What a layer is built from, besides its spec. */
export interface LayerContext {
  kernels: Kernels;
  precision: Precision;
  /** Most images a forward pass takes at once. */
  capacity: number;
  input: Shape;
  output: Shape;
  /** Pixel value (0..255) to input value, for sparse inputs. */
  pixel: Floats;
  /** The network's first layer: it may read sparse images and computes no input gradient. */
  first: boolean;
  /** Dropout's masks; the network's random source (set by `initialize`). */
  random: () => Random;
}

/** The dense matrix a layer that does not read sparse images receives. */
export function denseOf(input: Input): Floats {
  if (input.kind !== 'dense') throw new Error('this layer takes dense input only (the network densifies images first)');
  return input.x;
}
