/**
 * The float32 kernels compiled to WebAssembly SIMD (assembly/kernels.ts), over a shared
 * linear memory. The main thread creates the memory and places the dataset in it; each
 * worker instantiates the kernels on the same memory and takes its own region for its
 * network by growing the memory (growth is atomic, so regions never overlap). Given the
 * native kernels (native.ts), the products they have run on them instead, with the same
 * results.
 */
import { readFileSync } from 'node:fs';
import type { Floats, Precision } from '../floats.js';
import type { Kernels } from './kernels.js';
import type { NativeKernels } from './native.js';
import { referenceKernels } from './reference.js';

/** The compiled module, found beside the compiled core in dist/. */
const WASM_FILE = new URL(import.meta.url.includes('/dist/') ? '../../kernels.wasm' : '../../../dist/kernels.wasm', import.meta.url);
const PAGE = 65536;
/** Each allocation is 16-byte aligned and followed by 16 bytes that vector reads may touch. */
const SLACK = 16;
/** Memory is taken from the shared memory in chunks of this many bytes. */
const CHUNK = 4 * 1024 * 1024;

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

/** A new shared memory for the kernels (up to 4 GiB of address space, taken as needed). */
export function createKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
}

/**
 * Bump allocation in regions ("chunks") of a shared memory; usable from any thread.
 * Each new chunk is at least twice the last, so a worker that releases its network
 * after every run soon has one chunk that holds a whole run, and stops growing.
 */
export class MemoryArena {
  private start = 0;
  private next = 0;
  private end = 0;

  constructor(readonly memory: WebAssembly.Memory) {}

  /** `byteLength` bytes at a 16-byte aligned address, with 16 bytes of slack after them. */
  alloc(byteLength: number, _align = 16): { buffer: SharedArrayBuffer; byteOffset: number } {
    const size = Math.ceil((byteLength + SLACK) / 16) * 16;
    if (this.next + size > this.end) {
      const bytes = Math.ceil(Math.max(CHUNK, 2 * (this.end - this.start), size) / PAGE) * PAGE;
      this.start = this.next = this.memory.grow(bytes / PAGE) * PAGE;
      this.end = this.start + bytes;
    }
    const byteOffset = this.next;
    this.next += size;
    return { buffer: this.memory.buffer as unknown as SharedArrayBuffer, byteOffset };
  }

  /** The arena's position, to release everything allocated after it. */
  mark(): { next: number; end: number } {
    return { next: this.next, end: this.end };
  }

  /** Frees everything allocated since `mark`; later allocations reuse the space. */
  release(mark: { next: number; end: number }): void {
    // in the same chunk: back to the mark; else the newest chunk holds only what is freed
    this.next = mark.end === this.end ? mark.next : this.start;
  }
}

export type WasmKernels = Kernels & {
  arena: MemoryArena;
  /** Lets the kernels read arrays placed in their memory by another thread (the dataset). */
  adopt(...arrays: ArrayBufferView[]): void;
};

export function wasmKernels(memory: WebAssembly.Memory, native: NativeKernels | null = null): WasmKernels {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_FILE));
  const wasm = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Exports;
  const arena = new MemoryArena(memory);
  const ours = new WeakSet<ArrayBufferLike>();

  /** The address of an array that lives in the kernels' memory. */
  const at = (a: ArrayBufferView): number => {
    if (!ours.has(a.buffer)) throw new Error('wasm kernels: array is not in the kernels\' memory');
    return a.byteOffset;
  };
  const f32 = (...arrays: Floats[]): boolean => arrays.every((a) => a instanceof Float32Array);

  return {
    name: native ? `native-${native.set} + wasm-simd` : 'wasm-simd',
    arena,
    adopt(...arrays) {
      for (const a of arrays) ours.add(a.buffer);
    },
    allocIndices(length: number): Int32Array {
      const { buffer, byteOffset } = arena.alloc(length * 4);
      ours.add(buffer);
      return new Int32Array(buffer, byteOffset, length);
    },
    alloc(precision: Precision, length: number): Floats {
      if (precision === 'float64') return new Float64Array(length);
      const { buffer, byteOffset } = arena.alloc(length * 4);
      ours.add(buffer);
      return new Float32Array(buffer, byteOffset, length);
    },
    affine(x, n, k, W, m, b, out) {
      if (!f32(x, W, b, out)) return referenceKernels.affine(x, n, k, W, m, b, out);
      (native ?? wasm).affine(at(x), n, k, at(W), m, at(b), at(out));
    },
    sparseAffine(images, rows, n, pixel, W, m, b, out) {
      if (!f32(pixel, W, b, out)) return referenceKernels.sparseAffine(images, rows, n, pixel, W, m, b, out);
      const { rowStart, index, value, features } = images;
      if (native) native.sparseAffine(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(W), m, at(b), at(out));
      else wasm.sparseAffine(at(rowStart), at(index), at(value), at(rows), n, at(pixel), at(W), m, at(b), at(out));
    },
    affineGrad(x, n, k, dout, m, dW, db) {
      if (!f32(x, dout, dW, db)) return referenceKernels.affineGrad(x, n, k, dout, m, dW, db);
      (native ?? wasm).affineGrad(at(x), n, k, at(dout), m, at(dW), at(db));
    },
    sparseAffineGrad(images, rows, n, pixel, dout, m, dW, db) {
      if (!f32(pixel, dout, dW, db)) return referenceKernels.sparseAffineGrad(images, rows, n, pixel, dout, m, dW, db);
      const { rowStart, index, value, features } = images;
      (native ?? wasm).sparseAffineGrad(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(dout), m, at(dW), at(db));
    },
    affineInputGrad(dout, n, m, W, k, dx, workspace) {
      if (!f32(dout, W, dx, workspace)) return referenceKernels.affineInputGrad(dout, n, m, W, k, dx, workspace);
      if (native) native.affineInputGrad(at(dout), n, m, at(W), k, at(dx));
      else wasm.affineInputGrad(at(dout), n, m, at(W), k, at(dx), at(workspace));
    },
    classifySparse(images, rows, n, pixel, W1, b1, hidden, W2, b2, outputs, scratch, predicted) {
      if (!f32(pixel, W1, b1, W2, b2, scratch)) {
        return referenceKernels.classifySparse(images, rows, n, pixel, W1, b1, hidden, W2, b2, outputs, scratch, predicted);
      }
      const { rowStart, index, value, features } = images;
      if (native) {
        native.classifySparse(at(rowStart), at(index), at(value), at(rows), n, features, at(pixel), at(W1), at(b1), hidden, at(W2), at(b2), outputs, at(predicted));
        return;
      }
      wasm.classifySparse(at(rowStart), at(index), at(value), at(rows), n, at(pixel), at(W1), at(b1), hidden, at(W2), at(b2), outputs, at(scratch), at(predicted));
    },
    relu(x, out, length) {
      if (!f32(x, out)) return referenceKernels.relu(x, out, length);
      wasm.relu(at(x), at(out), length);
    },
    reluBackward(out, dout, length) {
      if (!f32(out, dout)) return referenceKernels.reluBackward(out, dout, length);
      wasm.reluBackward(at(out), at(dout), length);
    },
    scaledSubtract(y, a, x, length) {
      if (!f32(y, x)) return referenceKernels.scaledSubtract(y, a, x, length);
      (native ?? wasm).scaledSubtract(at(y), a, at(x), length);
    },
  };
}
