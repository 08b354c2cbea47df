import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, splitSizes } from '../../src/core/data/dataset.js';
import { readIdxImages, readIdxLabels } from '../../src/core/data/idx.js';
import { dataMessages } from '../../src/core/data/messages.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { folderWith, gzip, idxErrorOf, idxImages, idxLabels, smallDataset } from '../fixtures/idx/make-idx.js';

describe('the IDX reader', () => {
  it('reads an image file: count, rows, cols and the pixels after the 16-byte header', () => {
    const dir = folderWith({ 'a-idx3-ubyte': idxImages(2, 3, 5) });
    const images = readIdxImages(join(dir, 'a-idx3-ubyte'));
    expect([images.count, images.rows, images.cols]).toEqual([2, 3, 5]);
    expect(Array.from(images.pixels)).toEqual(Array.from(idxImages(2, 3, 5).subarray(16)));
  });

  it('reads a gzip-compressed file the same as the raw one, whatever its name', () => {
    const dir = folderWith({ raw: idxImages(2, 3, 5), zipped: gzip(idxImages(2, 3, 5)), 'l.gz': gzip(idxLabels([3, 1])) });
    expect(readIdxImages(join(dir, 'zipped'))).toEqual(readIdxImages(join(dir, 'raw')));
    expect(Array.from(readIdxLabels(join(dir, 'l.gz')).labels)).toEqual([3, 1]);
  });

  it('rejects a truncated image file, saying how many bytes it expected and why', () => {
    const dir = folderWith({ 't10k-images-idx3-ubyte': idxImages(10, 28, 28).subarray(0, 1200) });
    expect(idxErrorOf(() => readIdxImages(join(dir, 't10k-images-idx3-ubyte')))).toBe(
      dataMessages.badLength('t10k-images-idx3-ubyte', 7856, 16, [10, 28, 28], 1200),
    );
    expect(dataMessages.badLength('t10k-images-idx3-ubyte', 7840016, 16, [10000, 28, 28], 1200)).toBe(
      't10k-images-idx3-ubyte: expected 7840016 bytes (16-byte header + 10000 x 28 x 28), found 1200',
    );
  });

  it('rejects trailing bytes after the last image', () => {
    const bytes = new Uint8Array(16 + 2 * 9 + 3);
    bytes.set(idxImages(2, 3, 3));
    const dir = folderWith({ x: bytes });
    expect(idxErrorOf(() => readIdxImages(join(dir, 'x')))).toBe(dataMessages.badLength('x', 34, 16, [2, 3, 3], 37));
  });

  it('rejects a label file given where images are expected, by its magic number', () => {
    const dir = folderWith({ x: idxLabels([1, 2]) });
    expect(idxErrorOf(() => readIdxImages(join(dir, 'x')))).toBe(dataMessages.badMagic('x', 'image', 0x801, 0x803));
    expect(dataMessages.badMagic('x', 'image', 0x801, 0x803)).toBe(
      'x: not an IDX image file: magic number 0x00000801, expected 0x00000803',
    );
  });

  it('rejects a wrong magic number in a label file', () => {
    const dir = folderWith({ y: idxLabels([1, 2], 0x00000901) });
    expect(idxErrorOf(() => readIdxLabels(join(dir, 'y')))).toBe(dataMessages.badMagic('y', 'label', 0x901, 0x801));
  });

  it('rejects a file too short to hold a header', () => {
    const dir = folderWith({ z: new Uint8Array([0, 0, 8, 3, 0, 0]) });
    expect(idxErrorOf(() => readIdxImages(join(dir, 'z')))).toBe(dataMessages.tooShortForHeader('z', 'image', 16, 6));
  });

  it('rejects images with zero rows or more pixels than a Uint16 index can address', () => {
    const dir = folderWith({ flat: idxImages(1, 0, 28), huge: idxImages(0, 256, 257) });
    expect(idxErrorOf(() => readIdxImages(join(dir, 'flat')))).toBe(dataMessages.badImageSize('flat', 0, 28, 65535));
    expect(idxErrorOf(() => readIdxImages(join(dir, 'huge')))).toBe(dataMessages.badImageSize('huge', 256, 257, 65535));
  });

  it('reads labels above 9 as they are: how many classes there are is the dataset\'s to say', () => {
    const dir = folderWith({ l: idxLabels([1, 2, 10, 255]) });
    expect(Array.from(readIdxLabels(join(dir, 'l')).labels)).toEqual([1, 2, 10, 255]);
  });

  it('rejects a file that starts like gzip but is not', () => {
    const dir = folderWith({ bad: new Uint8Array([0x1f, 0x8b, 1, 2, 3]) });
    expect(idxErrorOf(() => readIdxImages(join(dir, 'bad')))).toMatch(/^bad: not a valid gzip file: /);
  });
});

describe('loading a dataset folder', () => {
  it('says so when the folder itself does not exist', () => {
    const dir = join(folderWith({}), 'nowhere');
    expect(idxErrorOf(() => loadDataset(dir))).toBe(dataMessages.dirNotFound(dir));
    expect(idxErrorOf(() => splitSizes(dir))).toBe(dataMessages.dirNotFound(dir));
  });

  it('names the missing file and the folder searched', () => {
    const dir = folderWith(smallDataset({ 't10k-labels-idx1-ubyte': undefined }));
    const names = ['t10k-labels-idx1-ubyte', 't10k-labels-idx1-ubyte.gz', 't10k-labels.idx1-ubyte', 't10k-labels.idx1-ubyte.gz'];
    expect(idxErrorOf(() => loadDataset(dir))).toBe(dataMessages.fileNotFound(names[0], dir, names));
    expect(idxErrorOf(() => splitSizes(dir))).toBe(dataMessages.fileNotFound(names[0], dir, names));
  });

  it('names a file that is a loop of symbolic links as one (ELOOP), not as missing', () => {
    const dir = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined }));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'train-images-idx3-ubyte'));
    const message = dataMessages.unreadable('train-images-idx3-ubyte', 'too many symbolic links encountered (ELOOP)');
    expect(idxErrorOf(() => loadDataset(dir))).toBe(message);
    expect(idxErrorOf(() => splitSizes(dir))).toBe(message);
  });

  it('names a file or a dataset folder that is a dangling symbolic link as one, with its target, not as missing', () => {
    const dir = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined }));
    symlinkSync(join(dir, 'gone'), join(dir, 'train-images-idx3-ubyte'));
    const message = dataMessages.unreadable('train-images-idx3-ubyte', readFileMessages.danglingLink(join(dir, 'gone'), null));
    expect(idxErrorOf(() => loadDataset(dir))).toBe(message);
    expect(idxErrorOf(() => splitSizes(dir))).toBe(message);
    const folder = join(dir, 'dataset-link');
    symlinkSync(join(dir, 'no-folder'), folder);
    expect(idxErrorOf(() => loadDataset(folder))).toBe(dataMessages.unreadable(folder, readFileMessages.danglingLink(join(dir, 'no-folder'), null)));
  });

  it('rejects images and labels that disagree in count, in the full load and from the headers alone', () => {
    const dir = folderWith(smallDataset({ 't10k-labels-idx1-ubyte': idxLabels([7, 2]) }));
    const message = dataMessages.countMismatch('t10k-images-idx3-ubyte', 3, 't10k-labels-idx1-ubyte', 2);
    expect(message).toBe('images and labels disagree: t10k-images-idx3-ubyte has 3 images, t10k-labels-idx1-ubyte has 2 labels');
    expect(idxErrorOf(() => loadDataset(dir))).toBe(message);
    expect(idxErrorOf(() => splitSizes(dir))).toBe(message);
  });

  it('finds a truncated uncompressed file from the headers alone, by its size on disk', () => {
    const truncated = idxImages(3, 4, 3).subarray(0, 30);
    const dir = folderWith(smallDataset({ 't10k-images-idx3-ubyte': truncated }));
    expect(idxErrorOf(() => splitSizes(dir))).toBe(dataMessages.badLength('t10k-images-idx3-ubyte', 52, 16, [3, 4, 3], 30));
    // a gzip file's length is known only once inflated: the headers alone accept it
    const zipped = folderWith(smallDataset({ 't10k-images-idx3-ubyte': undefined, 't10k-images-idx3-ubyte.gz': gzip(idxImages(3, 4, 3)) }));
    expect(splitSizes(zipped).test).toEqual({ count: 3, width: 3, height: 4 });
  });

  it('rejects train and test images of different sizes', () => {
    const dir = folderWith(smallDataset({ 't10k-images-idx3-ubyte': idxImages(3, 3, 4) }));
    expect(idxErrorOf(() => loadDataset(dir))).toBe(dataMessages.sizeMismatch(4, 3, 3, 4));
  });

  it('accepts gzipped files and the dotted Fashion-MNIST names', () => {
    const files = smallDataset();
    const dir = folderWith({
      'train-images-idx3-ubyte.gz': gzip(files['train-images-idx3-ubyte']),
      'train-labels.idx1-ubyte': files['train-labels-idx1-ubyte'],
      't10k-images.idx3-ubyte.gz': gzip(files['t10k-images-idx3-ubyte']),
      't10k-labels-idx1-ubyte': files['t10k-labels-idx1-ubyte'],
    });
    const dataset = loadDataset(dir);
    expect([dataset.train.count, dataset.test.count, dataset.train.width, dataset.train.height]).toEqual([5, 3, 3, 4]);
    expect(Array.from(dataset.train.labels)).toEqual([5, 0, 4, 1, 9]);
    expect(splitSizes(dir)).toEqual({ train: { count: 5, width: 3, height: 4 }, test: { count: 3, width: 3, height: 4 } });
  });

  it('reads the sizes of a large gzipped file from its first kilobytes', () => {
    const dir = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': gzip(idxImages(3000, 28, 28)), 'train-labels-idx1-ubyte': idxLabels(new Array(3000).fill(1)), 't10k-images-idx3-ubyte': idxImages(3, 28, 28) }));
    expect(splitSizes(dir).train).toEqual({ count: 3000, width: 28, height: 28 });
  });
});
