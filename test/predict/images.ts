/** Synthetic test images: flat paper with filled rectangles of ink. */
import { deflateSync } from 'node:zlib';
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

/** A white greyscale PNG of width x height, written directly (pngjs takes seconds for millions of pixels). */
export function onePlainPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const row = Buffer.alloc(width + 1, 255);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** CRC-32 as PNG computes it (ISO 3309). */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
