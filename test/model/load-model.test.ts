// Depends on the network core (src/core/network.ts): a loaded model is a working Mlp.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/model/files.js';
import { scratchDir } from '../helpers/folders.js';
import { forward, tinyModel } from './tiny-network.js';

const dir = scratchDir('load-model');

describe('loading a saved model as a network', () => {
  for (const [precision, activation, tolerance] of [['float32', 'relu', 1e-6], ['float64', 'sigmoid', 1e-12]] as const) {
    it(`gives a ${precision} ${activation} network whose probabilities match the saved parameters within ${tolerance}`, () => {
      const model = tinyModel(precision, activation);
      saveModel(join(dir, precision), model, { hash: 'h' });
      const mlp = loadModel(join(dir, precision));
      expect([mlp.activation, mlp.precision]).toEqual([activation, precision]);
      const x = Float32Array.from({ length: 2 * 784 }, (_, i) => ((i * 7919) % 256) / 255);
      const p = mlp.probabilities(x, 2);
      for (let r = 0; r < 2; r++) {
        forward(model, x.subarray(r * 784, (r + 1) * 784)).forEach((v, c) => expect(Math.abs(p[r * 10 + c] - v)).toBeLessThan(tolerance));
      }
    });
  }
});
