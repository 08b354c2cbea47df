/**
 * PNG and JPEG bytes -> RGBA pixels, whatever the file's size, colour type or bit depth, and
 * upright as a viewer shows them: a JPEG's Exif orientation (how phones store a photo taken
 * sideways) is applied.
 */
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

/**
 * What jpeg-js counts against its memory limit per pixel, at most: for each of up to four
 * components, 4 bytes of coefficients and 1 of output lines; then 4 of RGBA (and a little
 * for blocks rounded up to whole MCUs). A limit below it refused 30-megapixel JPEGs.
 */
const JPEG_BYTES_PER_PIXEL = 26;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const NO_PIXELS = 'it has no pixels (0 wide or 0 high)';

/** `maxPixels`: larger images are refused, by the size their header gives, before they are decoded. */
export function decodeImage(bytes: Uint8Array, path: string, maxPixels = MAX_PIXELS): RgbaImage {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return decodePng(Buffer.from(bytes), path, maxPixels);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes, path, maxPixels);
  throw new ImageError(m.unknownType(path));
}

function decodePng(bytes: Buffer, path: string, maxPixels: number): RgbaImage {
  // IHDR is always the first chunk: width and height are big-endian at bytes 16 and 20.
  if (bytes.length >= 24) {
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    if (width * height > maxPixels) throw new ImageError(m.tooLarge(path, width, height, maxPixels));
  }
  try {
    const png = pngjs.PNG.sync.read(bytes);
    if (png.width === 0 || png.height === 0) throw new Error(NO_PIXELS);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (error) {
    throw new ImageError(m.damaged(path, 'PNG', (error as Error).message));
  }
}

function decodeJpeg(bytes: Uint8Array, path: string, maxPixels: number): RgbaImage {
  const size = jpegSize(bytes);
  if (size && size.width * size.height > maxPixels) throw new ImageError(m.tooLarge(path, size.width, size.height, maxPixels));
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20),
    });
    if (image.width === 0 || image.height === 0) throw new Error(NO_PIXELS);
    return upright({ width: image.width, height: image.height, data: image.data }, jpegOrientation(bytes));
  } catch (error) {
    // jpeg-js reads past the end of a cut-off file as zeros: "unknown JPEG marker 0"
    const reason = endsWithEndOfImage(bytes) ? (error as Error).message : 'unexpected end of file';
    throw new ImageError(m.damaged(path, 'JPEG', reason));
  }
}

/** Start-of-frame markers (ITU T.81 table B.1): 0xC0-0xCF but DHT (C4), JPG (C8) and DAC (CC). */
const SOF = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** A JPEG's segments up to its start of scan (not included): each one's marker, where it starts, and its length field. */
function* headerSegments(bytes: Uint8Array): Generator<{ marker: number; at: number; length: number }> {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff && bytes[at + 1] !== 0xda) {
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    yield { marker: bytes[at + 1], at, length };
    at += 2 + length;
  }
}

/** Width and height from a JPEG's frame header, found by walking the segments before it; null when there is none. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  for (const { marker, at } of headerSegments(bytes)) {
    if (!SOF(marker)) continue;
    return at + 9 <= bytes.length ? { height: (bytes[at + 5] << 8) | bytes[at + 6], width: (bytes[at + 7] << 8) | bytes[at + 8] } : null;
  }
  return null;
}

/**
 * The Exif orientation (1-8, TIFF tag 0x0112) of a JPEG's APP1 segment before its frame; 1
 * (as stored) when there is none or it cannot be read: a damaged Exif block is no reason to
 * refuse the pixels.
 */
export function jpegOrientation(bytes: Uint8Array): number {
  for (const { marker, at, length } of headerSegments(bytes)) {
    if (SOF(marker)) return 1;
    // APP1 holding "Exif\0\0" and then a TIFF header
    if (marker === 0xe1 && length >= 8 && at + 2 + length <= bytes.length && String.fromCharCode(...bytes.subarray(at + 4, at + 10)) === 'Exif\0\0') {
      return tiffOrientation(new DataView(bytes.buffer, bytes.byteOffset + at + 10, length - 8));
    }
  }
  return 1;
}

function tiffOrientation(tiff: DataView): number {
  if (tiff.byteLength < 8) return 1;
  const order = tiff.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = tiff.getUint32(4, little);
  if (ifd + 2 > tiff.byteLength) return 1;
  const entries = tiff.getUint16(ifd, little);
  for (let i = 0; i < entries && ifd + 2 + 12 * (i + 1) <= tiff.byteLength; i++) {
    const entry = ifd + 2 + 12 * i;
    // ORIENTATION, a SHORT, its value in the entry's first two bytes
    if (tiff.getUint16(entry, little) === 0x0112 && tiff.getUint16(entry + 2, little) === 3) {
      const value = tiff.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/**
 * The image as a viewer shows it for its Exif orientation: 2 mirrored, 3 turned 180 degrees,
 * 4 flipped, 5 transposed, 6 turned 90 degrees clockwise, 7 transversed, 8 turned 90 degrees
 * anticlockwise; for each pixel (x, y) of the result, the stored pixel it comes from.
 */
export function upright(image: RgbaImage, orientation: number): RgbaImage {
  if (orientation === 1) return image;
  const { width: w, height: h, data } = image;
  const turned = orientation >= 5;
  const width = turned ? h : w;
  const height = turned ? w : h;
  const source: (x: number, y: number) => number = [
    (x: number, y: number) => y * w + x,
    (x: number, y: number) => y * w + (w - 1 - x),
    (x: number, y: number) => (h - 1 - y) * w + (w - 1 - x),
    (x: number, y: number) => (h - 1 - y) * w + x,
    (x: number, y: number) => x * w + y,
    (x: number, y: number) => (h - 1 - x) * w + y,
    (x: number, y: number) => (h - 1 - x) * w + (w - 1 - y),
    (x: number, y: number) => x * w + (w - 1 - y),
  ][orientation - 1];
  const out = new Uint8Array(data.length);
  // a pixel at a time, as one 32-bit number (a copy where the bytes do not start on a multiple of 4)
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const into = new Uint32Array(out.buffer);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) into[y * width + x] = pixels[source(x, y)];
  return { width, height, data: out };
}

/** Whether the file ends with the end-of-image marker (0xFFD9), as a whole JPEG does. */
function endsWithEndOfImage(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 2 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
}
