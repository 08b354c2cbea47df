/**
 * Numbers as little-endian bytes and back, as model files store them: a plain copy on a
 * little-endian machine (every machine Node runs on today), byte by byte on any other.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `values` as `kind` (float32 or float64), little-endian bytes. */
export function toLittleEndian(values: ArrayLike<number>, kind: 'float32' | 'float64'): Uint8Array {
  const typed = kind === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  const bytes = new Uint8Array(typed.buffer);
  if (!LITTLE_ENDIAN) for (let i = 0; i < bytes.length; i += typed.BYTES_PER_ELEMENT) bytes.subarray(i, i + typed.BYTES_PER_ELEMENT).reverse();
  return bytes;
}

/** The little-endian numbers in `bytes`, as a new array of `kind`. */
export function fromLittleEndian(bytes: Uint8Array, kind: 'float32' | 'float64'): Float32Array | Float64Array {
  const copy = new Uint8Array(bytes); // a copy (Buffer.slice would be a view)
  const size = kind === 'float64' ? 8 : 4;
  if (!LITTLE_ENDIAN) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return kind === 'float64' ? new Float64Array(copy.buffer, 0, copy.length / 8) : new Float32Array(copy.buffer, 0, copy.length / 4);
}
