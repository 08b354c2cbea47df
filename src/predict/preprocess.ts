/**
 * A photo or drawing of one digit -> the 28x28 input the network was trained on, prepared the
 * way MNIST's digits were (LeCun, Cortes and Burges, "The MNIST database", 1998):
 *
 *   1. greyscale, alpha composited over white;
 *   2. ink made light-on-dark: a light background (border median >= 0.5) is inverted,
 *      then the background level maps to 0 and the darkest ink to 1;
 *   3. cropped to the ink (pixels at or above INK_THRESHOLD);
 *   4. scaled, aspect ratio kept, so the longer side is 20 pixels (area averaging);
 *   5. placed in 28x28 so the centre of mass is at the middle (kept whole inside the frame);
 *   6. rounded to steps of 1/255, as the dataset's bytes are.
 */
import { FileReadError, readRegularFile } from '../core/read-file.js';
import { decodeImage, type RgbaImage } from './decode-image.js';
import { ImageError } from './errors.js';
import { imageMessages as m } from './messages.js';
import { resizeArea, type GreyImage } from './resample.js';

/** The largest image file read (a 40-megapixel PNG or JPEG is well under it). */
export const MAX_IMAGE_BYTES = 64 * 1024 ** 2;
export const SIDE = 28;
export const BOX = 20;
/** Ink at or above this (0..1, after step 2) counts when cropping. */
export const INK_THRESHOLD = 0.25;
/** Ink below this is background noise (paper grain, JPEG ringing) and set to 0. */
const NOISE_FLOOR = 0.1;

/** Reads a PNG or JPEG and returns the 784 pixels (row-major, 0 = background, 1 = ink). */
export function preprocessImageFile(path: string): Float32Array {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, MAX_IMAGE_BYTES, 'an image');
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new ImageError(error.code === 'ENOENT' ? m.missing(path) : m.unreadable(path, error.reason));
  }
  return preprocessImage(decodeImage(bytes, path), path);
}

export function preprocessImage(image: RgbaImage, name: string): Float32Array {
  const ink = inkOf(image, name);
  const box = inkBox(ink);
  if (!box) throw new ImageError(m.noInk(name));
  const cropped = crop(ink, box);
  const scale = BOX / Math.max(cropped.width, cropped.height);
  const w = Math.max(1, Math.round(cropped.width * scale));
  const h = Math.max(1, Math.round(cropped.height * scale));
  return centreByMass(resizeArea(cropped, w, h));
}

/** Steps 1 and 2: 0 = background, 1 = the strongest ink. */
export function inkOf(image: RgbaImage, name: string): GreyImage {
  const { width, height, data } = image;
  const grey = new Float64Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const alpha = data[i * 4 + 3] / 255;
    // ITU-R BT.601 luma, then "over" a white background.
    const luma = (0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2]) / 255;
    grey[i] = luma * alpha + (1 - alpha);
  }
  const invert = median(borderOf({ width, height, data: grey })) >= 0.5;
  if (invert) for (let i = 0; i < grey.length; i++) grey[i] = 1 - grey[i];
  const background = median(borderOf({ width, height, data: grey }));
  let peak = 0;
  for (const v of grey) peak = Math.max(peak, v);
  if (peak - background < NOISE_FLOOR) throw new ImageError(m.noInk(name));
  for (let i = 0; i < grey.length; i++) {
    const v = (grey[i] - background) / (peak - background);
    grey[i] = v < NOISE_FLOOR ? 0 : Math.min(1, v);
  }
  return { width, height, data: grey };
}

function borderOf(image: GreyImage): number[] {
  const { width, height, data } = image;
  const values: number[] = [];
  for (let x = 0; x < width; x++) values.push(data[x], data[(height - 1) * width + x]);
  for (let y = 1; y < height - 1; y++) values.push(data[y * width], data[y * width + width - 1]);
  return values;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The smallest box (inclusive edges) holding every pixel at or above INK_THRESHOLD. */
export function inkBox(image: GreyImage): Box | null {
  let box: Box | null = null;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] < INK_THRESHOLD) continue;
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return box;
}

function crop(image: GreyImage, box: Box): GreyImage {
  const width = box.right - box.left + 1;
  const height = box.bottom - box.top + 1;
  const data = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = image.data[(box.top + y) * image.width + box.left + x];
  }
  return { width, height, data };
}

/** Centre of mass in pixel-centre coordinates (a pixel's centre is at x + 0.5). */
export function centreOfMass(image: GreyImage | { width: number; height: number; data: ArrayLike<number> }): { x: number; y: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass === 0 ? { x: image.width / 2, y: image.height / 2 } : { x: sx / mass, y: sy / mass };
}

/** Steps 5 and 6: shift by whole pixels so the centre of mass lands nearest the middle of 28x28. */
function centreByMass(digit: GreyImage): Float32Array {
  const centre = centreOfMass(digit);
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  const dx = clamp(Math.round(SIDE / 2 - centre.x), SIDE - digit.width);
  const dy = clamp(Math.round(SIDE / 2 - centre.y), SIDE - digit.height);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < digit.height; y++) {
    for (let x = 0; x < digit.width; x++) {
      out[(y + dy) * SIDE + x + dx] = Math.fround(Math.round(digit.data[y * digit.width + x] * 255) / 255);
    }
  }
  return out;
}
