/**
 * An independent forward pass in float64, evaluation mode, for any architecture: plain
 * loops over the layout core/architecture.ts documents (NCHW activations, affine W inputs x
 * outputs, conv W filters x channels x size x size), softmax at the end. Nothing shared
 * with src/core: what the core, the model files and the ONNX export are checked against.
 */
import type { SavedModel } from '../../src/model/saved-model.js';

interface Activations {
  c: number;
  h: number;
  w: number;
  x: Float64Array;
}

/** Softmax probabilities of one image (its channels x height x width values, e.g. pixels / 255). */
export function referenceProbabilities(model: SavedModel, image: ArrayLike<number>): number[] {
  const tensor = (name: string) => model.tensors.find((t) => t.name === name)!.data;
  const { channels, height, width } = model.architecture.input;
  let a: Activations = { c: channels, h: height, w: width, x: Float64Array.from(image) };
  model.architecture.layers.forEach((layer, i) => {
    const T = (n: string) => tensor(`layers.${i}.${n}`);
    switch (layer.type) {
      case 'affine': {
        const W = T('W');
        const b = T('b');
        const inputs = a.x.length;
        const out = new Float64Array(layer.outputs);
        for (let j = 0; j < layer.outputs; j++) {
          let sum = b[j];
          for (let k = 0; k < inputs; k++) sum += a.x[k] * W[k * layer.outputs + j];
          out[j] = sum;
        }
        a = { c: layer.outputs, h: 1, w: 1, x: out };
        break;
      }
      case 'conv': {
        const { filters: F, size: k, stride: s, pad: p } = layer;
        const W = T('W');
        const b = T('b');
        const oh = Math.floor((a.h + 2 * p - k) / s) + 1;
        const ow = Math.floor((a.w + 2 * p - k) / s) + 1;
        const out = new Float64Array(F * oh * ow);
        for (let f = 0; f < F; f++)
          for (let y = 0; y < oh; y++)
            for (let x = 0; x < ow; x++) {
              let sum = b[f];
              for (let c = 0; c < a.c; c++)
                for (let dy = 0; dy < k; dy++)
                  for (let dx = 0; dx < k; dx++) {
                    const iy = y * s + dy - p;
                    const ix = x * s + dx - p;
                    if (iy < 0 || iy >= a.h || ix < 0 || ix >= a.w) continue;
                    sum += a.x[(c * a.h + iy) * a.w + ix] * W[((f * a.c + c) * k + dy) * k + dx];
                  }
              out[(f * oh + y) * ow + x] = sum;
            }
        a = { c: F, h: oh, w: ow, x: out };
        break;
      }
      case 'pool': {
        const { size: k, stride: s } = layer;
        const oh = Math.floor((a.h - k) / s) + 1;
        const ow = Math.floor((a.w - k) / s) + 1;
        const out = new Float64Array(a.c * oh * ow);
        for (let c = 0; c < a.c; c++)
          for (let y = 0; y < oh; y++)
            for (let x = 0; x < ow; x++) {
              let max = -Infinity;
              for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) max = Math.max(max, a.x[(c * a.h + y * s + dy) * a.w + x * s + dx]);
              out[(c * oh + y) * ow + x] = max;
            }
        a = { c: a.c, h: oh, w: ow, x: out };
        break;
      }
      case 'batchnorm': {
        const [gamma, beta, mean, variance] = ['gamma', 'beta', 'running_mean', 'running_var'].map(T);
        const plane = a.h * a.w;
        a = { ...a, x: a.x.map((v, n) => {
          const c = Math.floor(n / plane);
          return ((v - mean[c]) / Math.sqrt(variance[c] + layer.epsilon)) * gamma[c] + beta[c];
        }) };
        break;
      }
      case 'relu': a = { ...a, x: a.x.map((v) => Math.max(0, v)) }; break;
      case 'sigmoid': a = { ...a, x: a.x.map((v) => 1 / (1 + Math.exp(-v))) }; break;
      case 'tanh': a = { ...a, x: a.x.map(Math.tanh) }; break;
      case 'dropout': break;
    }
  });
  const max = Math.max(...a.x);
  const e = Array.from(a.x, (v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
