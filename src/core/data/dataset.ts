/**
 * A dataset folder loaded into memory: the dense pixels, the labels, and a sparse form
 * of the nonzero pixels, every array in a SharedArrayBuffer (from an Arena) so the
 * Dataset crosses postMessage to workers without a copy.
 */
import { basename } from 'node:path';
import { defaultArena, allocArray, type Arena } from './arena.js';
import { splitFiles, type SplitName } from './files.js';

export { mnistDataDir } from './files.js';
import {
  checkFileLength, IdxError, IMAGE_HEADER_BYTES, LABEL_HEADER_BYTES, parseImages, parseLabels, readIdxBytes, readIdxHead, type IdxImages,
} from './idx.js';
import { dataMessages } from './messages.js';
import { buildSparse } from './sparse.js';
import { classesOf } from './classes.js';

export interface Split {
  count: number;
  width: number;
  height: number;
  /** width * height. */
  features: number;
  /** count * features, row-major, raw 0..255. */
  pixels: Uint8Array;
  /** count classes 0..classes-1 (MNIST's digits 0..9). */
  labels: Uint8Array;
  /** count+1: entries of image i are [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  /** nnz: pixel index (within the image) of each entry, ascending within an image. */
  index: Uint16Array;
  /** nnz: raw pixel value of each entry. */
  value: Uint8Array;
}

export interface Dataset {
  dir: string;
  train: Split;
  test: Split;
  /** The largest training label + 1 (see classes.ts): the network's outputs. */
  classes: number;
}

export interface SplitShape {
  count: number;
  width: number;
  height: number;
}

/** Reads and checks the four files in `dir` (raw or gzip). Throws IdxError. */
export function loadDataset(dir: string, arena: Arena = defaultArena): Dataset {
  const train = loadSplit(dir, 'train', arena);
  const test = loadSplit(dir, 'test', arena);
  checkSameSize(train, test);
  const classes = classesOf(train.labels, splitFiles(dir, 'train').labels, test.labels, splitFiles(dir, 'test').labels);
  return { dir, train, test, classes };
}

/**
 * The counts and image sizes from the files' headers (cheap: nothing else is read; an
 * uncompressed file's length is checked from its size). Throws IdxError.
 */
export function splitSizes(dir: string): { train: SplitShape; test: SplitShape } {
  const shape = (split: SplitName): SplitShape => {
    const files = splitFiles(dir, split);
    const images = parseImages(basename(files.images), readIdxHead(files.images), true);
    const labels = parseLabels(basename(files.labels), readIdxHead(files.labels), true);
    checkFileLength(files.images, IMAGE_HEADER_BYTES, [images.count, images.rows, images.cols]);
    checkFileLength(files.labels, LABEL_HEADER_BYTES, [labels.count]);
    checkCounts(files.images, images.count, files.labels, labels.count);
    return { count: images.count, width: images.cols, height: images.rows };
  };
  const train = shape('train');
  const test = shape('test');
  checkSameSize(train, test);
  return { train, test };
}

function loadSplit(dir: string, split: SplitName, arena: Arena): Split {
  const files = splitFiles(dir, split);
  const images: IdxImages = parseImages(basename(files.images), readIdxBytes(files.images, 'image'));
  const labels = parseLabels(basename(files.labels), readIdxBytes(files.labels, 'label'));
  checkCounts(files.images, images.count, files.labels, labels.count);
  const features = images.rows * images.cols;
  const pixels = allocArray(arena, Uint8Array, images.pixels.length);
  pixels.set(images.pixels);
  const labelArray = allocArray(arena, Uint8Array, labels.count);
  labelArray.set(labels.labels);
  const sparse = buildSparse(pixels, images.count, features, arena);
  return {
    count: images.count,
    width: images.cols,
    height: images.rows,
    features,
    pixels,
    labels: labelArray,
    ...sparse,
  };
}

function checkCounts(imageFile: string, images: number, labelFile: string, labels: number): void {
  if (images !== labels) {
    throw new IdxError(dataMessages.countMismatch(basename(imageFile), images, basename(labelFile), labels));
  }
}

function checkSameSize(train: SplitShape, test: SplitShape): void {
  if (train.width !== test.width || train.height !== test.height) {
    throw new IdxError(dataMessages.sizeMismatch(train.height, train.width, test.height, test.width));
  }
}
