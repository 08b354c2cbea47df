/**
 * The float32 kernels compiled to WebAssembly SIMD (assembly/kernels.ts), over the shared
 * kernel memory (memory.ts). Arrays of other precisions, and the optimizers' steps other
 * than SGD's, go to the fallback set (the reference kernels), as registry.ts wires it.
 */
import { readFileSync } from 'node:fs';
import { builtFile } from '../package-files.js';
import { float32Kernels } from './compiled.js';
import type { KernelFunctions, KernelSet } from './kernels.js';
import type { KernelMemory } from './memory.js';

/** The compiled module, written by the build (tools/build-wasm.mjs). */
const WASM_FILE = builtFile('kernels.wasm');

interface Exports {
  sparseAffine(rowStart: number, index: number, value: number, rows: number, n: number, pixel: number, W: number, m: number, b: number, out: number): void;
  affine(x: number, n: number, k: number, W: number, m: number, b: number, out: number): void;
  sparseAffineGrad(rowStart: number, index: number, value: number, rows: number, n: number, features: number, pixel: number, dout: number, m: number, dW: number, db: number): void;
  affineInputGrad(dout: number, n: number, m: number, W: number, k: number, dx: number, workspace: number): void;
  classifySparse(rowStart: number, index: number, value: number, rows: number, n: number, pixel: number, W1: number, b1: number, hidden: number,
    W2: number, b2: number, outputs: number, scratch: number, predicted: number): void;
  affineGrad(x: number, n: number, k: number, dout: number, m: number, dW: number, db: number): void;
  scaledSubtract(y: number, a: number, x: number, length: number): void;
  relu(x: number, out: number, length: number): void;
  reluBackward(out: number, dout: number, length: number): void;
}

let compiled: WebAssembly.Module | null = null;

export const wasmSimdSet: KernelSet = {
  name: 'wasm-simd',
  aliases: ['wasm'],
  fallback: 'reference',
  create(memory: KernelMemory, fallback: KernelFunctions | null): Partial<KernelFunctions> {
    compiled ??= new WebAssembly.Module(readFileSync(WASM_FILE));
    const wasm = new WebAssembly.Instance(compiled, { env: { memory: memory.memory } }).exports as unknown as Exports;
    const at = (a: ArrayBufferView): number => memory.at(a);
    return float32Kernels({
      affine: ({ x, n, k, W, m, b, out }) => wasm.affine(at(x), n, k, at(W), m, at(b), at(out)),
      sparseAffine: ({ images: { rowStart, index, value }, rows, n, pixel, W, m, b, out }) =>
        wasm.sparseAffine(at(rowStart), at(index), at(value), at(rows), n, at(pixel), at(W), m, at(b), at(out)),
      affineGrad: ({ x, n, k, dout, m, dW, db }) => wasm.affineGrad(at(x), n, k, at(dout), m, at(dW), at(db)),
      sparseAffineGrad: ({ images: { rowStart, index, value, features }, rows, n, pixel, dout, m, dW, db }) =>
        wasm.sparseAffineGrad(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(dout), m, at(dW), at(db)),
      affineInputGrad: ({ dout, n, m, W, k, dx, workspace }) => wasm.affineInputGrad(at(dout), n, m, at(W), k, at(dx), at(workspace)),
      classifySparse: ({ images: { rowStart, index, value }, rows, n, pixel, W1, b1, hidden, W2, b2, outputs, scratch, predicted }) =>
        wasm.classifySparse(at(rowStart), at(index), at(value), at(rows), n, at(pixel), at(W1), at(b1), hidden, at(W2), at(b2), outputs, at(scratch), at(predicted)),
      relu: ({ x, out, length }) => wasm.relu(at(x), at(out), length),
      reluBackward: ({ out, dout, length }) => wasm.reluBackward(at(out), at(dout), length),
      scaledSubtract: ({ y, a, x, length }) => wasm.scaledSubtract(at(y), a, at(x), length),
    }, fallback!);
  },
};
