/**
 * The one seam between saved models and the network core: a SavedModel becomes a network
 * that computes, and a trained network becomes a SavedModel. Everything else in src/model,
 * `predict` and `export` works on SavedModel, whatever the architecture.
 *
 * Today's core is the dense `Mlp`; when the general `Network` (any architecture) lands,
 * these two functions become `new Network({ architecture, precision, capacity, kernels })`
 * plus copying each tensor into `network.tensors()`, and `network.tensors()` copied out.
 */
import type { Architecture, LayerSpec } from '../core/architecture.js';
import { architectureTensors } from '../core/layers/registry.js';
import type { Kernels } from '../core/kernels/kernels.js';
import { Mlp, type Activation } from '../core/network.js';
import { ModelFileError } from './errors.js';
import { modelMessages as m } from './messages.js';
import type { SavedModel } from './saved-model.js';

/** What callers of a loaded model use: softmax probabilities of dense rows (n x classes). */
export type ModelNetwork = Mlp;

export interface NetworkOptions {
  /** Most rows a forward pass takes at once (default 256). */
  capacity?: number;
  kernels?: Kernels;
  /** The file the model came from, for messages. */
  source?: string;
}

/** A network computing with the saved tensors (copied). Throws ModelFileError for an architecture the core can't run. */
export function networkFromModel(saved: SavedModel, options: NetworkOptions = {}): ModelNetwork {
  const activation = denseActivation(saved.architecture.layers);
  if (activation === null) throw new ModelFileError(m.notThisCore(options.source ?? 'the model', describeLayers(saved.architecture.layers)));
  const affines = saved.tensors.filter((t) => t.name.endsWith('.W')).map((W) => ({ W, b: saved.tensors.find((t) => t.name === W.name.replace(/W$/, 'b'))! }));
  return Mlp.fromParams({
    activation,
    precision: saved.precision,
    layers: affines.map(({ W, b }) => ({ W: W.data, b: b.data, inputs: W.shape[0], outputs: W.shape[1] })),
    capacity: options.capacity,
    kernels: options.kernels,
  });
}

/** The trained network's tensors (copied), named as the architecture names them. */
export function savedModelOf(network: ModelNetwork, architecture: Architecture, hash: string): SavedModel {
  const values = network.layers.flatMap(({ W, b }) => [W.slice(), b.slice()]);
  const tensors = architectureTensors(architecture).map(({ name, shape }, i) => ({ name, shape, data: values[i] }));
  return { architecture, precision: network.precision, tensors, hash };
}

/** relu or sigmoid when the layers are affine, act, affine, act, ..., affine with one activation; else null. */
function denseActivation(layers: readonly LayerSpec[]): Activation | null {
  const activation = layers.length > 1 ? layers[1].type : 'relu';
  if (activation !== 'relu' && activation !== 'sigmoid') return null;
  const fits = layers.length % 2 === 1 && layers.every((layer, i) => layer.type === (i % 2 === 0 ? 'affine' : activation));
  return fits ? activation : null;
}

/** "conv 30@5x5, relu, pool 2x2, affine 100, relu, affine 10". */
export function describeLayers(layers: readonly LayerSpec[]): string {
  return layers
    .map((l) => {
      switch (l.type) {
        case 'affine': return `affine ${l.outputs}`;
        case 'conv': return `conv ${l.filters}@${l.size}x${l.size}`;
        case 'pool': return `pool ${l.size}x${l.size}`;
        case 'dropout': return `dropout ${l.rate}`;
        default: return l.type;
      }
    })
    .join(', ');
}
