/**
 * The one seam between saved models and the network core: a SavedModel becomes a network
 * that computes (a core `Network` with each saved tensor copied into `network.tensors()`),
 * and a trained network becomes a SavedModel. Everything else in src/model, `predict` and
 * `export` works on SavedModel, whatever the architecture.
 */
import type { Architecture, LayerSpec } from '../core/architecture.js';
import type { Kernels } from '../core/kernels/kernels.js';
import { Network } from '../core/network.js';
import { ModelFileError } from './errors.js';
import { modelMessages as m } from './messages.js';
import type { SavedModel } from './saved-model.js';

/** What callers of a loaded model use: softmax probabilities of dense rows (n x classes), `classify`, `outputs`. */
export type ModelNetwork = Network;

export interface NetworkOptions {
  /** Most rows a forward pass takes at once (default 256). */
  capacity?: number;
  kernels?: Kernels;
  /** The file the model came from, for messages. */
  source?: string;
}

/** A network computing with the saved tensors (copied). Throws ModelFileError when the tensors are not the architecture's. */
export function networkFromModel(saved: SavedModel, options: NetworkOptions = {}): ModelNetwork {
  const network = new Network({ architecture: saved.architecture, precision: saved.precision, capacity: options.capacity ?? 256, kernels: options.kernels });
  const tensors = network.tensors();
  const byName = new Map(saved.tensors.map((t) => [t.name, t]));
  for (const tensor of tensors) {
    const savedTensor = byName.get(tensor.name);
    if (!savedTensor || savedTensor.data.length !== tensor.data.length) {
      throw new ModelFileError(m.notTheArchitecture(options.source ?? 'the model', describeLayers(saved.architecture.layers)));
    }
    tensor.data.set(savedTensor.data);
  }
  return network;
}

/** The trained network's tensors (copied), named as the architecture names them. */
export function savedModelOf(network: Network, architecture: Architecture, hash: string): SavedModel {
  const tensors = network.tensors().map(({ name, shape, data }) => ({ name, shape: [...shape], data: data.slice() }));
  return { architecture, precision: network.precision, tensors, hash };
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
