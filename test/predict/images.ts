/** Synthetic test images: flat paper with filled rectangles of ink. */
import type { RgbaImage } from '../../src/predict/decode-image.js';

export type Rect = [left: number, top: number, width: number, height: number];

export function paper(width: number, height: number, colour: [number, number, number, number], rects: Rect[], ink: [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(colour, i * 4);
  for (const [left, top, w, h] of rects) {
    for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) data.set(ink, (y * width + x) * 4);
  }
  return { width, height, data };
}

/** The bounding box and centre of mass of a 28x28 result's nonzero pixels. */
export function measure(x: Float32Array) {
  let mass = 0, sx = 0, sy = 0;
  let left = 28, right = -1, top = 28, bottom = -1;
  for (let y = 0; y < 28; y++) {
    for (let c = 0; c < 28; c++) {
      const v = x[y * 28 + c];
      if (v === 0) continue;
      mass += v; sx += v * (c + 0.5); sy += v * (y + 0.5);
      left = Math.min(left, c); right = Math.max(right, c); top = Math.min(top, y); bottom = Math.max(bottom, y);
    }
  }
  return { width: right - left + 1, height: bottom - top + 1, cx: sx / mass, cy: sy / mass };
}
