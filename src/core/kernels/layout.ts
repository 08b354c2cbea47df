/**
 * The reference kernels of convolution and pooling (kernels.ts says what each computes):
 * the rearrangements that turn a convolution into a matrix product ("Deep Learning from
 * Scratch" ch. 7, im2col/col2im), max pooling, and the move between a convolution's
 * product rows and each image's channels. They copy, compare, or add once per value, so
 * native/layout.c, doing the same in the same order, gives the same bits.
 */
import type { Floats, SparseImages } from '../floats.js';
import type { Window } from './kernels.js';

/** Values per row of col: channels x size x size. */
export const patchSize = (w: Window): number => w.channels * w.size * w.size;

/** col[(r * outHeight * outWidth + position) x patch] from dense images x[n x channels x height x width]. */
export function im2col(x: Floats, n: number, w: Window, col: Floats): void {
  const { channels, height, width, size, stride, pad, outHeight, outWidth } = w;
  const patch = patchSize(w);
  const image = channels * height * width;
  let row = 0;
  for (let r = 0; r < n; r++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row++) {
        let o = row * patch;
        for (let c = 0; c < channels; c++) {
          const base = r * image + c * height * width;
          for (let ky = 0; ky < size; ky++) {
            const y = oy * stride + ky - pad;
            const inside = y >= 0 && y < height;
            for (let kx = 0; kx < size; kx++, o++) {
              const xx = ox * stride + kx - pad;
              col[o] = inside && xx >= 0 && xx < width ? x[base + y * width + xx] : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * im2col of sparse images (rows of a sparse set, pixels scaled by `pixel`): zeros, then
 * each nonzero pixel written into every patch that sees it. MNIST is 81% zeros, so this
 * writes a fifth of what the dense form reads.
 */
export function sparseIm2col(images: SparseImages, rows: Int32Array, n: number, pixel: Floats, w: Window, col: Floats): void {
  const { height, width, size, stride, pad, outHeight, outWidth } = w;
  const patch = patchSize(w);
  const positions = outHeight * outWidth;
  col.fill(0, 0, n * positions * patch);
  const { rowStart, index, value } = images;
  const plane = height * width;
  for (let r = 0; r < n; r++) {
    const first = r * positions;
    for (let e = rowStart[rows[r]]; e < rowStart[rows[r] + 1]; e++) {
      const v = pixel[value[e]];
      const c = Math.floor(index[e] / plane);
      const rest = index[e] - c * plane;
      const y = Math.floor(rest / width) + pad;
      const x = rest % width + pad;
      // output rows oy whose window covers y: oy * stride <= y < oy * stride + size
      const oyFrom = Math.max(0, Math.ceil((y - size + 1) / stride));
      const oyTo = Math.min(outHeight - 1, Math.floor(y / stride));
      const oxFrom = Math.max(0, Math.ceil((x - size + 1) / stride));
      const oxTo = Math.min(outWidth - 1, Math.floor(x / stride));
      for (let oy = oyFrom; oy <= oyTo; oy++) {
        const ky = y - oy * stride;
        for (let ox = oxFrom; ox <= oxTo; ox++) {
          const kx = x - ox * stride;
          col[(first + oy * outWidth + ox) * patch + (c * size + ky) * size + kx] = v;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[n x channels x height x width] = the sum of each value's copies in dcol. */
export function col2im(dcol: Floats, n: number, w: Window, dx: Floats): void {
  const { channels, height, width, size, stride, pad, outHeight, outWidth } = w;
  const patch = patchSize(w);
  const image = channels * height * width;
  dx.fill(0, 0, n * image);
  let row = 0;
  for (let r = 0; r < n; r++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, row++) {
        let o = row * patch;
        for (let c = 0; c < channels; c++) {
          const base = r * image + c * height * width;
          for (let ky = 0; ky < size; ky++) {
            const y = oy * stride + ky - pad;
            const inside = y >= 0 && y < height;
            for (let kx = 0; kx < size; kx++, o++) {
              const xx = ox * stride + kx - pad;
              if (inside && xx >= 0 && xx < width) dx[base + y * width + xx] += dcol[o];
            }
          }
        }
      }
    }
  }
}

/** Max pooling (pad 0): out and the index in x of each window's first maximum. */
export function maxPool(x: Floats, n: number, w: Window, out: Floats, argmax: Int32Array): void {
  const { channels, height, width, size, stride, outHeight, outWidth } = w;
  let o = 0;
  for (let plane = 0, planes = n * channels; plane < planes; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, o++) {
        let best = base + oy * stride * width + ox * stride;
        for (let ky = 0; ky < size; ky++) {
          const row = base + (oy * stride + ky) * width + ox * stride;
          for (let kx = 0; kx < size; kx++) if (x[row + kx] > x[best]) best = row + kx;
        }
        argmax[o] = best;
        out[o] = x[best];
      }
    }
  }
}

export function maxPoolBackward(dout: Floats, argmax: Int32Array, outputs: number, dx: Floats, inputs: number): void {
  dx.fill(0, 0, inputs);
  for (let o = 0; o < outputs; o++) dx[argmax[o]] += dout[o];
}

export function convOutput(out2d: Floats, n: number, positions: number, filters: number, b: Floats, out: Floats): void {
  for (let r = 0; r < n; r++) {
    const image = r * filters * positions;
    for (let p = 0, i = r * positions * filters; p < positions; p++) {
      for (let f = 0, o = image + p; f < filters; f++, i++, o += positions) out[o] = out2d[i] + b[f];
    }
  }
}

export function convOutputGrad(dout: Floats, n: number, positions: number, filters: number, dout2d: Floats): void {
  for (let r = 0; r < n; r++) {
    const image = r * filters * positions;
    for (let p = 0, i = r * positions * filters; p < positions; p++) {
      for (let f = 0, o = image + p; f < filters; f++, i++, o += positions) dout2d[i] = dout[o];
    }
  }
}
