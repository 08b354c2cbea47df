/** Float arrays of either precision; float32 is the fast path, float64 the exact one. */
export type Precision = 'float32' | 'float64';
export type Floats = Float32Array | Float64Array;

/** A view of some rows of a split's compact sparse form (nonzero pixels only). */
export interface SparseImages {
  /** Entries of image i are [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  /** Pixel index within the image of each entry, ascending within an image. */
  index: Uint16Array;
  /** Raw pixel value (1..255) of each entry. */
  value: Uint8Array;
  /** Features per image (784 for MNIST). */
  features: number;
}

/** The network's input: a dense row-major matrix, or rows of a sparse image set. */
export type Input =
  | { kind: 'dense'; x: Floats; n: number }
  /** `dead`: hidden units of the first layer known to be zero after its ReLU on these rows (SparseAffineArgs). */
  | { kind: 'sparse'; images: SparseImages; rows: Int32Array; n: number; dead?: Int32Array };

export function allocFloats(precision: Precision, length: number): Floats {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}
