/**
 * A JPEG's Exif orientation, applied as a viewer applies it: a phone stores a photo taken
 * sideways as the sensor saw it, with a tag saying how to turn it, and an upright "2" stored
 * so used to read as a 7. Each orientation is checked against the turns and mirrors it names,
 * composed here from two plain ones, on the same stored pixels.
 */
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, jpegOrientation, type RgbaImage } from '../../src/predict/decode-image.js';
import { paper } from './images.js';

/** x -> width - 1 - x. */
function mirror(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.set(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (y * width + (width - 1 - x)) * 4);
  return { width, height, data: out };
}

/** Turned a quarter clockwise: the stored left column becomes the top row. */
function clockwise(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.set(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (x * height + (height - 1 - y)) * 4);
  return { width: height, height: width, data: out };
}

const turns = (image: RgbaImage, quarters: number): RgbaImage => (quarters === 0 ? image : turns(clockwise(image), quarters - 1));

/** What each orientation asks of the stored image (Exif 2.3, tag 0x0112). */
const VIEWED: Record<number, (image: RgbaImage) => RgbaImage> = {
  1: (i) => i,
  2: mirror,
  3: (i) => turns(i, 2),
  4: (i) => mirror(turns(i, 2)),
  5: (i) => mirror(turns(i, 1)),
  6: (i) => turns(i, 1),
  7: (i) => mirror(turns(i, 3)),
  8: (i) => turns(i, 3),
};

/** An APP1 Exif segment whose first IFD holds `entries` ([tag, type, value]) in that byte order. */
function exifSegment(entries: [number, number, number][], little: boolean): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 * entries.length + 4);
  tiff.write(little ? 'II' : 'MM', 0, 'latin1');
  const u16 = (value: number, at: number) => (little ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
  const u32 = (value: number, at: number) => (little ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at));
  u16(42, 2);
  u32(8, 4);
  u16(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    u16(tag, 10 + 12 * i);
    u16(type, 12 + 12 * i);
    u32(1, 14 + 12 * i);
    u16(value, 18 + 12 * i);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** The JPEG with `segment` right after its start-of-image marker, where cameras put Exif. */
const withSegment = (jpegBytes: Uint8Array, segment: Buffer): Uint8Array => Buffer.concat([jpegBytes.subarray(0, 2), segment, jpegBytes.subarray(2)]);

const ORIENTATION = 0x0112;
const SHORT = 3;

describe('a JPEG with an Exif orientation', () => {
  // not square, and no turn or mirror of it is itself: a block at the top left, a bar down the right
  const stored = jpeg.encode(paper(24, 16, [255, 255, 255, 255], [[0, 0, 8, 8], [20, 0, 4, 16]], [0, 0, 0, 255]), 90).data;
  const asStored = decodeImage(stored, 'stored.jpg');

  for (const little of [true, false]) {
    for (let orientation = 1; orientation <= 8; orientation++) {
      it(`${orientation} (${little ? 'little' : 'big'}-endian) is shown as that orientation asks`, () => {
        const bytes = withSegment(stored, exifSegment([[0x010f, 2, 0], [ORIENTATION, SHORT, orientation]], little));
        expect(jpegOrientation(bytes)).toBe(orientation);
        const viewed = VIEWED[orientation](asStored);
        const decoded = decodeImage(bytes, 'photo.jpg');
        expect([decoded.width, decoded.height]).toEqual([viewed.width, viewed.height]);
        expect(Buffer.from(decoded.data).equals(Buffer.from(viewed.data))).toBe(true);
      });
    }
  }

  it('that cannot be read is taken as stored, the pixels still decoded', () => {
    const cases: [string, Buffer][] = [
      ['no orientation tag', exifSegment([[0x010f, 2, 0]], true)],
      ['an orientation out of range', exifSegment([[ORIENTATION, SHORT, 9]], true)],
      ['an orientation of another type', exifSegment([[ORIENTATION, 4, 6]], true)],
      ['a byte order that is neither', Buffer.from(exifSegment([[ORIENTATION, SHORT, 6]], true).toString('latin1').replace('II', 'XX'), 'latin1')],
      ['a first IFD past the segment', (() => { const s = exifSegment([[ORIENTATION, SHORT, 6]], true); s.writeUInt32LE(1000, 14); return s; })()],
      ['an APP1 segment too short for Exif', Buffer.from([0xff, 0xe1, 0, 4, 0x45, 0x78])],
    ];
    for (const [what, segment] of cases) {
      const bytes = withSegment(stored, segment);
      expect(jpegOrientation(bytes), what).toBe(1);
      expect(Buffer.from(decodeImage(bytes, 'photo.jpg').data).equals(Buffer.from(asStored.data)), what).toBe(true);
    }
  });

  it('of a photo taken sideways reads as the upright picture does', () => {
    // the same picture stored upright, and stored turned a quarter anticlockwise with orientation 6 (as a phone held sideways)
    const upright = paper(32, 48, [250, 250, 250, 255], [[8, 4, 16, 6], [18, 10, 6, 34]], [10, 10, 10, 255]);
    const sideways = withSegment(jpeg.encode(turns(upright, 3), 100).data, exifSegment([[ORIENTATION, SHORT, 6]], false));
    const a = decodeImage(jpeg.encode(upright, 100).data, 'upright.jpg');
    const b = decodeImage(sideways, 'sideways.jpg');
    expect([b.width, b.height]).toEqual([32, 48]);
    // JPEG's rounding differs between the two encodings: within a few levels per channel
    let largest = 0;
    for (let i = 0; i < a.data.length; i++) largest = Math.max(largest, Math.abs(a.data[i] - b.data[i]));
    expect(largest).toBeLessThanOrEqual(8);
  });
});
