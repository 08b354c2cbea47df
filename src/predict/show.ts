/** The 28x28 images a model saw, as one PNG or JPEG (left to right, enlarged), so a user can see what went wrong. */
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

export const SHOW_SCALE = 8;
const GAP = 8;
const GAP_GREY = 128;
/** JPEG quality of --show's pictures: high, as they are few and small. */
const JPEG_QUALITY = 95;

/** The picture formats --show writes, by file extension (lower case). */
export const SHOW_FORMATS: Record<string, 'png' | 'jpeg'> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

/** The format a --show file name asks for, or null for an extension we do not write. */
export function showFormatOf(path: string): 'png' | 'jpeg' | null {
  return SHOW_FORMATS[extname(path).toLowerCase()] ?? null;
}

/** images: 784 values each in [0, 1] (1 = ink, drawn white on black as in MNIST), as RGBA. */
export function seenImagesRgba(images: Float32Array[], side = 28, scale = SHOW_SCALE): { width: number; height: number; data: Buffer } {
  const cell = side * scale;
  const width = images.length * cell + (images.length - 1) * GAP;
  const data = Buffer.alloc(width * cell * 4, GAP_GREY);
  for (let i = 0; i < data.length; i += 4) data[i + 3] = 255;
  images.forEach((image, n) => {
    const left = n * (cell + GAP);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = Math.round(image[Math.floor(y / scale) * side + Math.floor(x / scale)] * 255);
        const at = (y * width + left + x) * 4;
        data[at] = data[at + 1] = data[at + 2] = v;
      }
    }
  });
  return { width, height: cell, data };
}

/** The images as a greyscale PNG. */
export function seenImagesPng(images: Float32Array[], side = 28, scale = SHOW_SCALE): Buffer {
  const { width, height, data } = seenImagesRgba(images, side, scale);
  const png = new pngjs.PNG({ width, height });
  data.copy(png.data);
  return pngjs.PNG.sync.write(png, { colorType: 0 });
}

/** The images in the format asked for. */
export function seenImagesFile(images: Float32Array[], format: 'png' | 'jpeg'): Buffer {
  if (format === 'png') return seenImagesPng(images);
  return Buffer.from(jpeg.encode(seenImagesRgba(images), JPEG_QUALITY).data);
}
