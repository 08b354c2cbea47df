/** An architecture read back from a model file: every layer type accepted, anything else refused with the reason. */
import { describe, expect, it } from 'vitest';
import { LAYER_TYPES } from '../../src/core/layers/registry.js';
import { architectureFromJson } from '../../src/model/architecture-json.js';
import { formatProblems as p } from '../../src/model/messages.js';
import { EVERY_LAYER } from './random-model.js';

const input = { channels: 1, height: 28, width: 28 };
const read = (layers: unknown[]) => architectureFromJson({ input, layers });

describe('an architecture read from JSON', () => {
  it('is the architecture written, for a network of every layer type', () => {
    expect(new Set(EVERY_LAYER.layers.map((l) => l.type))).toEqual(new Set(LAYER_TYPES));
    expect(architectureFromJson(JSON.parse(JSON.stringify(EVERY_LAYER)))).toEqual(EVERY_LAYER);
  });

  it('is refused when it is not an object with an input shape and layers', () => {
    expect(architectureFromJson([1])).toEqual({ problem: p.notArchitecture([1]) });
    expect(architectureFromJson({ input: { channels: 1, height: 0, width: 28 }, layers: [] })).toEqual({ problem: p.input({ channels: 1, height: 0, width: 28 }) });
    expect(read([])).toEqual({ problem: p.noLayers([]) });
  });

  it('is refused with a layer of a field it does not have, or a value out of range', () => {
    expect(read([{ type: 'relu', slope: 0.1 }])).toEqual({ problem: p.layerField(0, 'relu', 'slope') });
    expect(read([{ type: 'affine', outputs: 10 }, { type: 'dropout', rate: 1 }])).toEqual({ problem: p.layerValue(1, 'dropout', 'rate', 'a number in [0, 1)', 1) });
    expect(read([{ type: 'conv', filters: 3, size: 5, stride: 1 }])).toEqual({ problem: p.layerValue(0, 'conv', 'pad', 'a whole number >= 0', undefined) });
  });

  it('is refused when a layer cannot take its input, with the shapes', () => {
    expect(read([{ type: 'affine', outputs: 30 }, { type: 'pool', size: 2, stride: 2 }])).toEqual({ problem: p.layerShape(1, 'pool 2x2 receives 30x1x1') });
  });
});
