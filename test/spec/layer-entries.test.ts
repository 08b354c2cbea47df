/** A layer as written in YAML: which type it names, and the core layer it stands for with its defaults. */
import { describe, expect, it } from 'vitest';
import { fillLayer, layerTypeOf, toLayerSpec } from '../../src/spec/layers.js';
import type { LayerEntry } from '../../src/spec/types.js';

describe('the type a written layer names', () => {
  it('is its name alone, or the one key of its mapping', () => {
    expect(layerTypeOf('relu')).toBe('relu');
    expect(layerTypeOf('tanh')).toBe('tanh');
    expect(layerTypeOf('sigmoid')).toBe('sigmoid');
    expect(layerTypeOf({ conv: { filters: 3, size: 3 } })).toBe('conv');
  });

  it('is none for a name or key that is no layer, a list, null, a number or an empty mapping', () => {
    for (const written of ['relux', { cnov: 1 }, ['relu'], null, 5, {}, undefined, 'toString', { constructor: 1 }]) expect(layerTypeOf(written)).toBeNull();
  });
});

describe('a written layer with its defaults', () => {
  it('stays a bare name when it takes no parameters', () => {
    expect(fillLayer('relu')).toBe('relu');
    expect(fillLayer('sigmoid')).toBe('sigmoid');
  });

  it("fills a convolution's stride and pad, a pooling window's stride from its size, batchnorm's momentum and epsilon", () => {
    expect(fillLayer({ conv: { filters: 3, size: 5 } })).toEqual({ conv: { filters: 3, size: 5, stride: 1, pad: 0 } });
    expect(fillLayer({ conv: { filters: 3, size: 5, pad: 2 } })).toEqual({ conv: { filters: 3, size: 5, stride: 1, pad: 2 } });
    // a pool's stride follows its size, which a grid or a search may still change: filled per run (withDerivedDefaults)
    expect(fillLayer({ pool: { size: 3 } })).toEqual({ pool: { size: 3 } });
    expect(fillLayer({ pool: { size: 3, stride: 1 } })).toEqual({ pool: { size: 3, stride: 1 } });
    expect(fillLayer('batchnorm')).toEqual({ batchnorm: { momentum: 0.9, epsilon: 1e-6 } });
    expect(fillLayer({ batchnorm: { momentum: 0.5 } })).toEqual({ batchnorm: { momentum: 0.5, epsilon: 1e-6 } });
    expect(fillLayer({ affine: 7 })).toEqual({ affine: 7 });
    expect(fillLayer({ dropout: 0.25 })).toEqual({ dropout: 0.25 });
  });

  it('stands for the core layer of its type', () => {
    expect(toLayerSpec('tanh')).toEqual({ type: 'tanh' });
    expect(toLayerSpec({ affine: 7 } as LayerEntry)).toEqual({ type: 'affine', outputs: 7 });
    expect(toLayerSpec({ dropout: 0.25 } as LayerEntry)).toEqual({ type: 'dropout', rate: 0.25 });
    expect(toLayerSpec({ pool: { size: 2, stride: 2 } } as LayerEntry)).toEqual({ type: 'pool', size: 2, stride: 2 });
    expect(toLayerSpec({ pool: { size: 3 } } as LayerEntry)).toEqual({ type: 'pool', size: 3, stride: 3 });
  });
});
