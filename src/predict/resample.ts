/** Resizing a one-channel image by area averaging: each output pixel is the mean of the source area it covers. */

export interface GreyImage {
  width: number;
  height: number;
  /** Row-major, one number per pixel. */
  data: Float64Array;
}

/**
 * Box-filter resampling with fractional coverage (as in pixel-mixing / "area" interpolation):
 * antialiased when shrinking, piecewise constant when enlarging.
 */
export function resizeArea(source: GreyImage, width: number, height: number): GreyImage {
  const out = new Float64Array(width * height);
  const sx = source.width / width;
  const sy = source.height / height;
  for (let oy = 0; oy < height; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < width; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), source.height); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), source.width); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wx * wy * source.data[y * source.width + x];
        }
      }
      out[oy * width + ox] = sum / (sx * sy);
    }
  }
  return { width, height, data: out };
}
