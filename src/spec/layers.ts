/**
 * `model.layers` as written in YAML, and the core's Architecture it stands for. Each layer
 * type of the core's registry has one entry here: how its YAML value is filled with
 * defaults and turned into the core's LayerSpec. A layer is written `- relu` (no
 * parameters), `- affine: 100`, `- dropout: 0.5`, or `- conv: { filters: 30, size: 5 }`.
 */
import type { LayerEntry, ModelSpec } from './types.js';
import { fromHidden, type Architecture, type LayerSpec, type LayerType, type Shape } from '../core/architecture.js';

/** The book's BatchNormalization (Saito ch. 6, common/layers.py): momentum 0.9, `var + 10e-7`. */
export const BATCHNORM_DEFAULTS = { momentum: 0.9, epsilon: 1e-6 } as const;
export const CONV_DEFAULTS = { stride: 1, pad: 0 } as const;

type Of<T extends LayerType> = Extract<LayerSpec, { type: T }>;

interface SpecLayer<T extends LayerType> {
  /** The layer's value in the spec with its defaults filled (`undefined` for a bare name). */
  fill(value: any): unknown;
  toCore(value: any): Of<T>;
}

const bare = <T extends 'relu' | 'sigmoid' | 'tanh'>(type: T): SpecLayer<T> => ({ fill: () => undefined, toCore: () => ({ type }) as Of<T> });

/** One entry per layer type of the core's registry (the compiler sees to that). */
export const SPEC_LAYERS: { [T in LayerType]: SpecLayer<T> } = {
  affine: { fill: (outputs) => outputs, toCore: (outputs) => ({ type: 'affine', outputs }) },
  conv: { fill: (conv) => ({ ...CONV_DEFAULTS, ...conv }), toCore: (conv) => ({ type: 'conv', ...conv }) },
  /**
   * The window moves by its size unless told otherwise (non-overlapping pooling, as
   * SimpleConvNet's): filled only once the run's size is known (withDerivedDefaults), so that
   * a grid or search over the size moves the stride with it.
   */
  pool: {
    // the stride first, where it is written, as the fill always put it (the files' bytes stay as they were)
    fill: (pool) => (pool.stride === undefined ? { ...pool } : { stride: pool.stride, ...pool }),
    toCore: (pool) => ({ type: 'pool', ...pool, stride: pool.stride ?? pool.size }),
  },
  relu: bare('relu'),
  sigmoid: bare('sigmoid'),
  tanh: bare('tanh'),
  batchnorm: { fill: (bn) => ({ ...BATCHNORM_DEFAULTS, ...(bn ?? {}) }), toCore: (bn) => ({ type: 'batchnorm', ...bn }) },
  dropout: { fill: (rate) => rate, toCore: (rate) => ({ type: 'dropout', rate }) },
};

/** The type a written layer names (`relu`, or the one key of `{ conv: ... }`), or null for anything else. */
export function layerTypeOf(written: unknown): LayerType | null {
  const name = typeof written === 'string' ? written : written !== null && typeof written === 'object' && !Array.isArray(written) ? Object.keys(written)[0] : undefined;
  return name !== undefined && Object.hasOwn(SPEC_LAYERS, name) ? (name as LayerType) : null;
}

/** A schema-valid written layer with its defaults filled: `- batchnorm` becomes `{ batchnorm: { momentum: 0.9, epsilon: 1e-6 } }`. */
export function fillLayer(written: unknown): LayerEntry {
  const type = layerTypeOf(written)!;
  const value = typeof written === 'string' ? undefined : (written as Record<string, unknown>)[type];
  const filled = SPEC_LAYERS[type].fill(value);
  return (filled === undefined ? type : { [type]: filled }) as LayerEntry;
}

export function toLayerSpec(entry: LayerEntry): LayerSpec {
  const type = layerTypeOf(entry)!;
  return SPEC_LAYERS[type].toCore(typeof entry === 'string' ? undefined : (entry as Record<string, unknown>)[type]) as LayerSpec;
}

/**
 * Fills, in a run's model, the defaults that follow another value of the layer, once grid and
 * search values are set: a pool's stride is its size unless written.
 */
export function withDerivedDefaults(model: ModelSpec): void {
  if (!('layers' in model)) return;
  for (const entry of model.layers) {
    if (layerTypeOf(entry) !== 'pool') continue;
    const layer = entry as { pool: { size: number; stride?: number } };
    layer.pool = { stride: layer.pool.stride ?? layer.pool.size, ...layer.pool };
  }
}

/** The network a run's model stands for, on images of shape `input` with `classes` classes. */
export function architectureOf(model: ModelSpec, input: Shape, classes: number): Architecture {
  if ('layers' in model) return { input, layers: model.layers.map(toLayerSpec) };
  return fromHidden(input, model.hidden, model.activation, classes);
}
