/**
 * The image sizes predict promises to read (up to 40 megapixels, any JPEG), what it says of a
 * larger or cut-off JPEG, and the drawing endpoint's own, smaller limit.
 */
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, MAX_PIXELS } from '../../src/predict/decode-image.js';
import { imageMessages as m } from '../../src/predict/messages.js';
import { onePlainPng } from './images.js';

/** A white w x h RGB JPEG with a black bar down its middle, as jpeg-js writes it (no chroma subsampling). */
function barJpeg(width: number, height: number, quality = 10): Uint8Array {
  const data = Buffer.alloc(width * height * 4, 255);
  for (let y = Math.floor(height / 5); y < Math.floor((4 * height) / 5); y++) {
    data.fill(0, (y * width + Math.floor(width * 0.45)) * 4, (y * width + Math.floor(width * 0.55)) * 4);
  }
  return jpeg.encode({ data, width, height }, quality).data;
}

/** The first bytes of a JPEG whose frame header says width x height: enough for its size to be read. */
function jpegHeaderOnly(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...sof0]);
}

describe('predict reads', () => {
  it('a JPEG of 31 megapixels, within the 40 it promises (jpeg-js\'s own memory limit refused it)', () => {
    const image = decodeImage(barJpeg(5600, 5600), 'photo.jpg');
    expect([image.width, image.height]).toEqual([5600, 5600]);
    expect(image.data[(2800 * 5600 + 2800) * 4]).toBeLessThan(64);
    expect(image.data[(10 * 5600 + 10) * 4]).toBeGreaterThan(191);
  }, 60_000);
});

describe('predict refuses, naming the file', () => {
  it('a JPEG over 40 megapixels by the size in its header, before decoding it, as it does a PNG', () => {
    expect(() => decodeImage(jpegHeaderOnly(10_000, 10_000), 'huge.jpg')).toThrow(m.tooLarge('huge.jpg', 10_000, 10_000, MAX_PIXELS));
    expect(() => decodeImage(jpegHeaderOnly(65_535, 65_535), 'huge.jpg')).toThrow(m.tooLarge('huge.jpg', 65_535, 65_535, MAX_PIXELS));
  });

  it('a cut-off JPEG as one that ends early, wherever it is cut (not "unknown JPEG marker 0")', () => {
    const whole = barJpeg(64, 64, 90);
    for (const length of [3, 30, 200, Math.floor(whole.length / 2), whole.length - 2]) {
      expect(() => decodeImage(whole.subarray(0, length), 'cut.jpg')).toThrow(m.damaged('cut.jpg', 'JPEG', 'unexpected end of file'));
    }
    expect(m.damaged('cut.jpg', 'JPEG', 'unexpected end of file')).toContain('ends early');
  });

  it('an image over a smaller limit, when the caller gives one', () => {
    const png = onePlainPng(2001, 2000);
    expect(() => decodeImage(png, 'the drawing', 2000 * 2000)).toThrow(m.tooLarge('the drawing', 2001, 2000, 2000 * 2000));
    expect(decodeImage(png, 'the drawing').width).toBe(2001);
  });
});
