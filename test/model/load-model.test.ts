// Depends on the network core (src/core/network.ts): a loaded model is a working network.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/model/files.js';
import { ModelFileError } from '../../src/model/errors.js';
import { modelMessages as m } from '../../src/model/messages.js';
import { describeLayers, networkFromModel } from '../../src/model/network.js';
import { scratchDir } from '../helpers/folders.js';
import { forward, saveLegacyModel, tinyModel, tinySaved } from './tiny-network.js';

const dir = scratchDir('load-model');

describe('loading a saved model as a network', () => {
  for (const [format, precision, activation, tolerance] of [
    ['model.safetensors', 'float32', 'relu', 1e-6],
    ['model.safetensors', 'float64', 'sigmoid', 1e-12],
    ['model.json + model.bin', 'float32', 'sigmoid', 1e-6],
    ['model.json + model.bin', 'float64', 'relu', 1e-12],
  ] as const) {
    it(`gives from ${format} a ${precision} ${activation} network whose probabilities match the saved parameters within ${tolerance}`, () => {
      const folder = join(dir, `${format.length}-${precision}`);
      if (format === 'model.safetensors') saveModel(folder, tinySaved(precision, activation));
      else saveLegacyModel(folder, tinyModel(precision, activation));
      const network = loadModel(folder);
      expect(network.precision).toBe(precision);
      const x = Float32Array.from({ length: 2 * 784 }, (_, i) => ((i * 7919) % 256) / 255);
      const p = network.probabilities(x, 2);
      for (let r = 0; r < 2; r++) {
        forward(tinyModel(precision, activation), x.subarray(r * 784, (r + 1) * 784)).forEach((v, c) => expect(Math.abs(p[r * 10 + c] - v)).toBeLessThan(tolerance));
      }
    });
  }

  const saved = tinySaved();
  const tanh = { ...saved.architecture, layers: [{ type: 'affine', outputs: 5 } as const, { type: 'tanh' } as const, { type: 'affine', outputs: 10 } as const] };
  const build = () => networkFromModel({ ...saved, architecture: tanh }, { source: 'run/model.safetensors' });
  it('builds a network of any architecture the core has, tanh included, computing with the saved tensors', () => {
    const network = build();
    expect(network.outputs).toBe(10);
    expect(network.tensors().map((t) => t.name)).toEqual(saved.tensors.map((t) => t.name));
    network.tensors().forEach((t, k) => expect([...t.data]).toEqual([...saved.tensors[k].data]));
  });
});
