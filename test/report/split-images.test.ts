/** The images of the mistakes pictures, read from the dataset a run trained on, one split at a time. */
import { describe, expect, it } from 'vitest';
import { digitPngUrl } from '../../src/analysis/digit-png.js';
import { SplitImages } from '../../src/report/split-images.js';
import { folderWith, idxImages, smallDataset } from '../fixtures/idx/make-idx.js';
import { scratchDir } from '../helpers/folders.js';

/** A dataset's sha256, which the images' reader does not read. */
const UNREAD = '0'.repeat(64);

describe("a split's images", () => {
  it("are each image's pixels as a PNG, from a data.path folder, and nothing past the last image", () => {
    const dir = folderWith(smallDataset());
    const images = new SplitImages({ kind: 'path', path: dir, sha256: UNREAD });
    const test = images.urls('test')!;
    const train = images.urls('train')!;
    const pixels = (count: number, pixel?: (i: number, p: number) => number) => idxImages(count, 4, 3, pixel).subarray(16);
    const testPixels = pixels(3, (i, p) => (p === i ? 255 : p % 3 === 0 ? 0 : 100 + p));
    for (const index of [0, 2]) expect(test(index)).toBe(digitPngUrl(testPixels.subarray(index * 12, index * 12 + 12), 3, 4));
    expect(test(1)).not.toBe(test(0));
    expect(train(4)).toBe(digitPngUrl(pixels(5).subarray(48, 60), 3, 4));
    expect(test(3)).toBe('');
    expect(train(5)).toBe('');
  });

  it('are read once per split', () => {
    const images = new SplitImages({ kind: 'path', path: folderWith(smallDataset()), sha256: UNREAD });
    expect(images.urls('test')).toBe(images.urls('test'));
    expect(images.urls('train')).not.toBe(images.urls('test'));
  });

  it('are none when the split cannot be read, and the pictures are then left out', () => {
    expect(new SplitImages({ kind: 'path', path: scratchDir('no-images'), sha256: UNREAD }).urls('test')).toBeNull();
    const testOnly = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined }));
    const images = new SplitImages({ kind: 'path', path: testOnly, sha256: UNREAD });
    expect(images.urls('train')).toBeNull();
    expect(images.urls('test')).not.toBeNull();
  });

  it("come from MNIST's package for the mnist source", () => {
    const test = new SplitImages({ kind: 'mnist' }).urls('test')!;
    expect(test(9999)).toMatch(/^data:image\/png;base64,/);
    expect(test(10000)).toBe('');
  });
});
