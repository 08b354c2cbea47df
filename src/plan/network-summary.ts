/** A run's network in one line, for `plan`: `conv 30@5x5 -> 30x24x24, relu, pool 2x2 -> 30x12x12, affine 100, relu, affine 10; 433,890 parameters`. */
import { describeShape, type Architecture, type LayerSpec, type LayerType } from '../core/architecture.js';
import { traceShapes } from '../core/layers/registry.js';
import { parameterCount } from '../spec/budget.js';
import { countText } from '../spec/messages.js';

type Of<T extends LayerType> = Extract<LayerSpec, { type: T }>;

/** ` stride 2`, or nothing at `usual`. */
const unless = (usual: number, value: number, word: string): string => (value === usual ? '' : ` ${word} ${value}`);

/** Each layer type in words; layers that reshape their input say what comes out. */
const WORDS: { [T in LayerType]: (layer: Of<T>) => string } = {
  affine: (l) => `affine ${l.outputs}`,
  conv: (l) => `conv ${l.filters}@${l.size}x${l.size}${unless(1, l.stride, 'stride')}${unless(0, l.pad, 'pad')}`,
  pool: (l) => `pool ${l.size}x${l.size}${unless(l.size, l.stride, 'stride')}`,
  relu: () => 'relu',
  sigmoid: () => 'sigmoid',
  tanh: () => 'tanh',
  batchnorm: () => 'batchnorm',
  dropout: (l) => `dropout ${l.rate}`,
};

const RESHAPES: readonly LayerType[] = ['conv', 'pool'];

export function networkSummary(architecture: Architecture): string {
  const { shapes } = traceShapes(architecture);
  const layers = architecture.layers.map((layer, i) => {
    const words = (WORDS[layer.type] as (l: LayerSpec) => string)(layer);
    return RESHAPES.includes(layer.type) && shapes[i] ? `${words} -> ${describeShape(shapes[i].output)}` : words;
  });
  return `${layers.join(', ')}; ${countText(parameterCount(architecture).trainable)} parameters`;
}
