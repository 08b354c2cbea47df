/** Random inputs placed in a kernel set's memory, for the kernel tests (test/core/kernels.test.ts, test/core/neon-kernels.test.ts). */
import type { SparseImages } from '../../src/core/floats.js';
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import type { Random } from '../../src/core/random/index.js';

/** Where `packSparse` puts an array of `bytes`: a buffer and offset, and what to do with the array made there. */
export type Placement = (bytes: number) => { buffer: ArrayBufferLike; byteOffset: number; adopt?: (array: ArrayBufferView) => void };

/** Images given as lists of (pixel index, value) entries, packed into the sparse form the kernels read. */
export function packSparse(entries: { index: number; value: number }[][], features: number, placement: Placement): SparseImages {
  const count = entries.length;
  const nnz = entries.reduce((s, e) => s + e.length, 0);
  const place = <T extends ArrayBufferView>(make: (b: ArrayBufferLike, o: number) => T, bytes: number): T => {
    const { buffer, byteOffset, adopt } = placement(bytes);
    const array = make(buffer, byteOffset);
    adopt?.(array);
    return array;
  };
  const images: SparseImages = {
    features,
    rowStart: place((b, o) => new Uint32Array(b, o, count + 1), (count + 1) * 4),
    index: place((b, o) => new Uint16Array(b, o, nnz), nnz * 2),
    value: place((b, o) => new Uint8Array(b, o, nnz), nnz),
  };
  let e = 0;
  entries.forEach((list, i) => {
    images.rowStart[i] = e;
    for (const { index, value } of list) {
      images.index[e] = index;
      images.value[e++] = value;
    }
  });
  images.rowStart[count] = e;
  return images;
}

export function kernelInputs(kernels: MemoryKernels, random: Random) {
  /** Random images in the sparse form: about a fifth of the pixels set, some of them 255. */
  function sparseImages(count: number, features: number): SparseImages {
    const entries: { index: number; value: number }[][] = [];
    for (let i = 0; i < count; i++) {
      const list: { index: number; value: number }[] = [];
      for (let p = 0; p < features; p++) {
        if (random.uniform() > 0.2) continue;
        list.push({ index: p, value: random.uniform() < 0.3 ? 255 : 1 + random.int(254) });
      }
      entries.push(list);
    }
    return imagesOf(entries, features);
  }

  /** Images of the given entries, in the kernels' memory. */
  function imagesOf(entries: { index: number; value: number }[][], features: number): SparseImages {
    return packSparse(entries, features, (bytes) => {
      const { buffer, byteOffset } = kernels.arena.alloc(bytes);
      return { buffer, byteOffset, adopt: (array) => kernels.adopt(array) };
    });
  }

  /** Normal values times `scale`, a `zeroFraction` of them zero. */
  function filled(length: number, scale = 1, zeroFraction = 0): Float32Array {
    const a = kernels.alloc('float32', length) as Float32Array;
    for (let i = 0; i < length; i++) a[i] = random.uniform() < zeroFraction ? 0 : scale * random.normal();
    return a;
  }

  function rowsOf(values: number[]): Int32Array {
    const rows = kernels.alloc('float32', values.length) as Float32Array;
    const asInt = new Int32Array(rows.buffer, rows.byteOffset, values.length);
    kernels.adopt(asInt);
    asInt.set(values);
    return asInt;
  }

  /** The pixel scale of the float32 runs: v / 255. */
  const pixel = kernels.alloc('float32', 256);
  for (let v = 0; v < 256; v++) pixel[v] = Math.fround(v / 255);

  return { sparseImages, imagesOf, filled, rowsOf, pixel };
}
