/**
 * Pixel normalisation exactly as the seed: `uint8 / 255` computed in float32
 * (`astype(np.float32) / 255.0`). PIXEL_F64 holds the same float32 values as doubles,
 * which is what NumPy multiplies when `x @ W` meets a float64 W.
 */
export const PIXEL_F32 = new Float32Array(256);
export const PIXEL_F64 = new Float64Array(256);
for (let v = 0; v < 256; v++) {
  PIXEL_F32[v] = Math.fround(v / 255);
  PIXEL_F64[v] = PIXEL_F32[v];
}
