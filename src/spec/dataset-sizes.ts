/**
 * How many images each split of a dataset holds, for checking slice bounds without
 * loading the data: MNIST's are known; for a folder, the core's IDX reader reads the
 * files' headers (and checks uncompressed files' lengths from their sizes), and the label
 * files whole, to check the test labels against the classes of the training labels.
 */
import { existsSync, statSync } from 'node:fs';
import { danglingLinkWords } from '../core/read-file.js';
import type { Shape } from '../core/architecture.js';
import { classesOf, IdxError, readIdxLabels, splitFiles, splitSizes } from '../core/data/index.js';
import type { SplitName } from './types.js';

export type SplitSizes = Record<SplitName, number>;

export interface DatasetShape {
  /** One image's shape: 1x28x28 for MNIST. */
  input: Shape;
  classes: number;
  /** Images in its two splits, where known (the memory the dataset takes: schedule/memory-fit.ts). */
  images?: number;
}

export const MNIST_SIZES: SplitSizes = { train: 60000, test: 10000 };
/** One channel of 28 x 28 pixels, ten digits. */
export const MNIST_INPUT: Shape = { channels: 1, height: 28, width: 28 };
export const MNIST_CLASSES = 10;

/** What the model check and the memory fit read of a dataset (spec/model-check.ts, schedule/memory-fit.ts). */
export function shapeOf(found: { sizes: SplitSizes; input: Shape; classes: number }): DatasetShape {
  return { input: found.input, classes: found.classes, images: found.sizes.train + found.sizes.test };
}

export const MNIST_SHAPE: DatasetShape = shapeOf({ sizes: MNIST_SIZES, input: MNIST_INPUT, classes: MNIST_CLASSES });

export type SizesResult =
  /** `input`: one image's shape (one channel); `classes`: the largest training label + 1. */
  | { ok: true; sizes: SplitSizes; input: Shape; classes: number }
  /** `dangling`: why it is not there, when `dir` is a symbolic link to nothing (core/read-file.ts). */
  | { ok: false; reason: 'no-folder'; dir: string; dangling: string | null }
  | { ok: false; reason: 'not-folder'; dir: string }
  /** A file is missing, unreadable or not what its header promises; `detail` says which and why. */
  | { ok: false; reason: 'bad-data'; detail: string };

/** The image count of each split of the IDX files in `dir`. */
export function datasetSizes(dir: string): SizesResult {
  if (!existsSync(dir)) return { ok: false, reason: 'no-folder', dir, dangling: danglingLinkWords(dir) };
  if (!statSync(dir).isDirectory()) return { ok: false, reason: 'not-folder', dir };
  try {
    const { train, test } = splitSizes(dir);
    const trainLabels = splitFiles(dir, 'train').labels;
    const testLabels = splitFiles(dir, 'test').labels;
    const classes = classesOf(readIdxLabels(trainLabels).labels, trainLabels, readIdxLabels(testLabels).labels, testLabels);
    const input = { channels: 1, height: train.height, width: train.width };
    return { ok: true, sizes: { train: train.count, test: test.count }, input, classes };
  } catch (error) {
    if (error instanceof IdxError) return { ok: false, reason: 'bad-data', detail: error.message };
    throw error;
  }
}
