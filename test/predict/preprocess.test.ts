import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/predict/decode-image.js';
import { ImageError } from '../../src/predict/errors.js';
import { imageMessages as m } from '../../src/predict/messages.js';
import { preprocessImage, preprocessImageFile } from '../../src/predict/preprocess.js';
import { resizeArea } from '../../src/predict/resample.js';
import { scratchDir } from '../helpers/folders.js';
import { measure, paper, type Rect } from './images.js';

const WHITE: [number, number, number, number] = [255, 255, 255, 255];
const BLACK: [number, number, number, number] = [0, 0, 0, 255];
/** A blocky "7": a bar along the top and a stem down the right. */
const SEVEN: Rect[] = [[20, 20, 60, 12], [68, 20, 12, 90]];
const dir = scratchDir('predict');

describe('preparing an image the way MNIST digits were', () => {
  it('gives 784 values between 0 and 1, in steps of 1/255', () => {
    const x = preprocessImage(paper(100, 130, WHITE, SEVEN, BLACK), 'seven');
    expect(x.length).toBe(784);
    for (const v of x) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-4);
    }
  });

  it('reads dark ink on light paper and light ink on dark paper alike', () => {
    const darkOnLight = preprocessImage(paper(100, 130, WHITE, SEVEN, BLACK), 'a');
    const lightOnDark = preprocessImage(paper(100, 130, BLACK, SEVEN, WHITE), 'b');
    expect(Array.from(darkOnLight)).toEqual(Array.from(lightOnDark));
    expect(Math.max(...darkOnLight)).toBe(1);
    expect(darkOnLight[0]).toBe(0);
  });

  it('maps grey paper to 0 and its darkest ink to 1', () => {
    const grey = preprocessImage(paper(100, 130, [200, 200, 200, 255], SEVEN, [90, 90, 90, 255]), 'grey');
    const crisp = preprocessImage(paper(100, 130, WHITE, SEVEN, BLACK), 'crisp');
    expect(Array.from(grey)).toEqual(Array.from(crisp));
  });

  it('composites transparent pixels over white', () => {
    const transparent = preprocessImage(paper(100, 130, [0, 0, 0, 0], SEVEN, [0, 0, 255, 255]), 'alpha');
    const blueOnWhite = preprocessImage(paper(100, 130, WHITE, SEVEN, [0, 0, 255, 255]), 'blue');
    expect(Array.from(transparent)).toEqual(Array.from(blueOnWhite));
  });

  it('centres an off-centre digit by its centre of mass, within 1 px of the middle', () => {
    const x = preprocessImage(paper(400, 300, WHITE, [[300, 200, 30, 80], [330, 260, 40, 20]], BLACK), 'corner');
    const { cx, cy } = measure(x);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(1);
  });

  it('scales a wide mark to 20 pixels wide and keeps its aspect ratio', () => {
    const { width, height } = measure(preprocessImage(paper(300, 100, WHITE, [[50, 40, 200, 40]], BLACK), 'wide'));
    expect(width).toBe(20);
    expect(height).toBe(4);
  });

  it('scales a tall mark to 20 pixels high and keeps its aspect ratio', () => {
    const { width, height } = measure(preprocessImage(paper(60, 400, WHITE, [[20, 50, 10, 200]], BLACK), 'tall'));
    expect(width).toBe(1);
    expect(height).toBe(20);
  });

  it('enlarges a digit drawn smaller than 20 pixels', () => {
    const { width, height } = measure(preprocessImage(paper(12, 12, WHITE, [[3, 2, 5, 8]], BLACK), 'tiny'));
    expect(height).toBe(20);
    expect(width).toBe(13);
  });

  it('says an image of one flat colour holds no digit', () => {
    expect(() => preprocessImage(paper(50, 50, WHITE, [], BLACK), 'blank.png')).toThrow(m.noInk('blank.png'));
  });
});

describe('area-averaging resize', () => {
  it('averages the source pixels each output pixel covers, fractions included', () => {
    // Output pixel 0 covers source [0, 1.5): all of pixel 0 and half of pixel 1.
    const source = { width: 3, height: 1, data: Float64Array.from([0, 0.6, 3]) };
    expect(Array.from(resizeArea(source, 2, 1).data)).toEqual([0.2, 2.2].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(resizeArea(source, 1, 1).data)).toEqual([expect.closeTo(1.2, 12)]);
  });
});

describe('reading image files', () => {
  const seven = paper(100, 130, WHITE, SEVEN, BLACK);
  const expected = Array.from(preprocessImage(seven, 'seven'));

  it('reads a greyscale PNG', () => {
    const png = new pngjs.PNG({ width: seven.width, height: seven.height });
    png.data.set(seven.data);
    const path = join(dir, 'grey.png');
    writeFileSync(path, pngjs.PNG.sync.write(png, { colorType: 0 }));
    expect(Array.from(preprocessImageFile(path))).toEqual(expected);
  });

  it('reads a JPEG', () => {
    const path = join(dir, 'seven.jpg');
    writeFileSync(path, jpeg.encode({ data: seven.data, width: seven.width, height: seven.height }, 95).data);
    const x = preprocessImageFile(path);
    const worst = Math.max(...expected.map((v, i) => Math.abs(v - x[i])));
    expect(worst).toBeLessThan(0.25);
  });

  it('says a missing file is missing', () => {
    expect(() => preprocessImageFile(join(dir, 'none.png'))).toThrow(m.missing(join(dir, 'none.png')));
  });

  it('says a file that is neither PNG nor JPEG is not an image', () => {
    const path = join(dir, 'notes.png');
    writeFileSync(path, 'hello');
    expect(() => preprocessImageFile(path)).toThrow(m.unknownType(path));
  });

  it('says a cut-off PNG is not readable, as a user error', () => {
    const png = new pngjs.PNG({ width: 10, height: 10 });
    const bytes = pngjs.PNG.sync.write(png).subarray(0, 40);
    expect(() => decodeImage(bytes, 'cut.png')).toThrow(ImageError);
    expect(() => decodeImage(bytes, 'cut.png')).toThrow(/^cut\.png is not a readable PNG: /);
  });

  it('says a cut-off JPEG is not readable', () => {
    const bytes = jpeg.encode({ data: seven.data, width: seven.width, height: seven.height }, 90).data.subarray(0, 30);
    expect(() => decodeImage(bytes, 'cut.jpg')).toThrow(/^cut\.jpg is not a readable JPEG: /);
  });

  it('refuses an image too large to decode before decoding it', () => {
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);
    expect(() => decodeImage(header, 'huge.png')).toThrow(m.tooLarge('huge.png', 100_000, 100_000, 40_000_000));
  });
});
