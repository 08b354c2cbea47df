/**
 * The gradients training uses: on sparse images (the first layer reads only the nonzero
 * pixels) against central differences, and in float32 on the WebAssembly kernels against
 * the float64 gradients of the same parameters.
 */
import { describe, expect, it } from 'vitest';
import type { SparseImages } from '../../src/core/floats.js';
import { Mlp, type Activation } from '../../src/core/network.js';
import { gradientCheck } from './numerical-gradient.js';
import { createRandom } from '../../src/core/random/index.js';
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import { createKernelMemory } from '../../src/core/kernels/memory.js';
import { selectKernels } from '../../src/core/kernels/registry.js';
import { packSparse } from '../helpers/kernel-inputs.js';

const FEATURES = 20;
const ROWS = 6;
const LABELS = [0, 2, 1, 2, 0, 1];

/** Six sparse images of 20 pixels, about a third of them set, in `kernels`' memory when given. */
function sparseImages(kernels?: MemoryKernels): { images: SparseImages; rows: Int32Array } {
  const random = createRandom('default', 5);
  const entries = Array.from({ length: ROWS }, () =>
    Array.from({ length: FEATURES }, (_, p) => p).filter(() => random.uniform() < 0.35).map((p) => ({ index: p, value: 1 + random.int(255) })));
  const images = packSparse(entries, FEATURES, (bytes) => {
    if (!kernels) return { buffer: new ArrayBuffer(bytes), byteOffset: 0 };
    const { buffer, byteOffset } = kernels.arena.alloc(bytes);
    return { buffer, byteOffset, adopt: (array) => kernels.adopt(array) };
  });
  const rows = kernels ? kernels.allocIndices(ROWS) : new Int32Array(ROWS);
  rows.set([5, 0, 3, 1, 4, 2]);
  return { images, rows };
}

function float64Network(activation: Activation): Mlp {
  const random = createRandom('default', 3);
  const network = new Mlp({ inputs: FEATURES, hidden: [7, 5], outputs: 3, activation, precision: 'float64', capacity: ROWS });
  network.initialize({ std: 1 }, random);
  for (const layer of network.layers) layer.b.forEach((_, i) => (layer.b[i] = 0.1 * random.normal()));
  return network;
}

describe('the gradients of a network reading sparse images', () => {
  for (const activation of ['relu', 'sigmoid'] as Activation[]) {
    it(`agree with central differences to 1e-7 on every parameter (${activation}, float64)`, () => {
      const network = float64Network(activation);
      const { images, rows } = sparseImages();
      const check = gradientCheck(network, { kind: 'sparse', images, rows, n: ROWS }, LABELS);
      expect(check.worst, `worst at ${check.where.param}[${check.where.index}]`).toBeLessThan(1e-7);
    });
  }
});

describe('float32 gradients on the WebAssembly kernels', () => {
  for (const activation of ['relu', 'sigmoid'] as Activation[]) {
    it(`equal the float64 gradients of the same parameters within 1e-4 of the largest (${activation}, sparse images)`, () => {
      const exact = float64Network(activation);
      const kernels = selectKernels(createKernelMemory(), 'wasm-simd');
      const fast = Mlp.fromParams({ activation, precision: 'float32', layers: exact.layers, capacity: ROWS, kernels });
      const exactInput = sparseImages();
      const fastInput = sparseImages(kernels);
      exact.gradient({ kind: 'sparse', ...exactInput, n: ROWS }, LABELS);
      fast.gradient({ kind: 'sparse', ...fastInput, n: ROWS }, LABELS);
      const want = exact.paramGrads();
      fast.paramGrads().forEach(({ grad }, k) => {
        const reference = Array.from(want[k].grad);
        const scale = Math.max(...reference.map(Math.abs));
        expect(scale, `parameter ${k}`).toBeGreaterThan(0);
        const worst = Math.max(...Array.from(grad, (g, i) => Math.abs(g - reference[i]) / scale));
        expect(worst, `parameter ${k}`).toBeLessThan(1e-4);
      });
    });
  }
});
