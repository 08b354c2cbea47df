/** PNG and JPEG bytes -> RGBA pixels, whatever the file's size, colour type or bit depth. */
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { ImageError } from './errors.js';
import { imageMessages as m } from './messages.js';

/** 8-bit RGBA, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Larger images are refused before they are decoded (a 40-megapixel photo is ~160 MB of RGBA). */
export const MAX_PIXELS = 40_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodeImage(bytes: Uint8Array, path: string): RgbaImage {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(Buffer.from(bytes), path);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes, path);
  throw new ImageError(m.unknownType(path));
}

function decodePng(bytes: Buffer, path: string): RgbaImage {
  // IHDR is always the first chunk: width and height are big-endian at bytes 16 and 20.
  if (bytes.length >= 24) {
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    if (width * height > MAX_PIXELS) throw new ImageError(m.tooLarge(path, width, height, MAX_PIXELS));
  }
  try {
    const png = pngjs.PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (error) {
    throw new ImageError(m.damaged(path, 'PNG', (error as Error).message));
  }
}

function decodeJpeg(bytes: Uint8Array, path: string): RgbaImage {
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_PIXELS / 1e6,
      maxMemoryUsageInMB: 512,
    });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    throw new ImageError(m.damaged(path, 'JPEG', (error as Error).message));
  }
}
