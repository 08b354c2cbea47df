/**
 * An architecture read back from a model file's JSON, checked field by field so that a
 * damaged or hand-edited file is refused with a reason instead of building a broken network.
 */
import type { Architecture, LayerSpec, LayerType, Shape } from '../core/architecture.js';
import { LAYER_TYPES, traceShapes } from '../core/layers/registry.js';
import { formatProblems as p } from './messages.js';

type Fields<T extends LayerType> = Exclude<keyof Extract<LayerSpec, { type: T }>, 'type'>;

/** Each layer type's numeric parameters and what they may be; typed so a new layer type fails to compile until it is listed. */
const FIELDS: { [T in LayerType]: Record<Fields<T>, 'count' | 'whole' | 'fraction' | 'positive'> } = {
  affine: { outputs: 'count' },
  conv: { filters: 'count', size: 'count', stride: 'count', pad: 'whole' },
  pool: { size: 'count', stride: 'count' },
  relu: {},
  sigmoid: {},
  tanh: {},
  batchnorm: { momentum: 'fraction', epsilon: 'positive' },
  dropout: { rate: 'fraction' },
};

const KINDS = {
  count: { ok: (v: number) => Number.isSafeInteger(v) && v > 0, words: 'a whole number > 0' },
  whole: { ok: (v: number) => Number.isSafeInteger(v) && v >= 0, words: 'a whole number >= 0' },
  fraction: { ok: (v: number) => v >= 0 && v < 1, words: 'a number in [0, 1)' },
  positive: { ok: (v: number) => Number.isFinite(v) && v > 0, words: 'a number > 0' },
} as const;

/** The architecture `value` describes, or the first thing wrong with it, in words. */
export function architectureFromJson(value: unknown): Architecture | { problem: string } {
  if (!isObject(value)) return { problem: p.notArchitecture(value) };
  const input = value.input;
  if (!isObject(input) || !(['channels', 'height', 'width'] as const).every((k) => KINDS.count.ok(input[k] as number))) {
    return { problem: p.input(input) };
  }
  if (!Array.isArray(value.layers) || value.layers.length === 0) return { problem: p.noLayers(value.layers) };
  const layers: LayerSpec[] = [];
  for (const [i, layer] of value.layers.entries()) {
    if (!isObject(layer) || !LAYER_TYPES.includes(layer.type as LayerType)) {
      return { problem: p.layerType(i, LAYER_TYPES, isObject(layer) ? layer.type : layer) };
    }
    const fields = FIELDS[layer.type as LayerType] as Record<string, keyof typeof KINDS>;
    for (const key of Object.keys(layer)) {
      if (key !== 'type' && !(key in fields)) return { problem: p.layerField(i, String(layer.type), key) };
    }
    for (const [key, kind] of Object.entries(fields)) {
      const v = layer[key];
      if (typeof v !== 'number' || !KINDS[kind].ok(v)) return { problem: p.layerValue(i, String(layer.type), key, KINDS[kind].words, v) };
    }
    layers.push(layer as unknown as LayerSpec);
  }
  const architecture: Architecture = { input: { channels: input.channels, height: input.height, width: input.width } as Shape, layers };
  const { problem } = traceShapes(architecture);
  return problem ? { problem: p.layerShape(problem.layer, problem.message) } : architecture;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
