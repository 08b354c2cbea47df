/**
 * The images the mistakes pictures show, read from the dataset a run trained on (MNIST's
 * package, or the spec's data.path), one split at a time and only when a picture must be
 * drawn. A dataset that cannot be read gives null: the picture is then left out.
 */
import { mnistDataDir, readIdxImages, splitFiles, type SplitName } from '../core/data/index.js';
import type { DatasetSource } from '../spec/types.js';
import { digitPngUrl } from '../analysis/digit-png.js';

export type ImageUrls = (index: number) => string;

export class SplitImages {
  private readonly cache = new Map<string, ImageUrls | null>();

  constructor(readonly source: DatasetSource) {}

  /** Index in `split` -> PNG data URL, or null when the split's images cannot be read. */
  urls(split: SplitName): ImageUrls | null {
    if (!this.cache.has(split)) this.cache.set(split, this.read(split));
    return this.cache.get(split)!;
  }

  private read(split: SplitName): ImageUrls | null {
    try {
      const dir = this.source.kind === 'mnist' ? mnistDataDir() : this.source.path;
      const { pixels, rows, cols, count } = readIdxImages(splitFiles(dir, split).images);
      const side = rows * cols;
      return (index) => (index < count ? digitPngUrl(pixels.subarray(index * side, (index + 1) * side), cols, rows) : '');
    } catch {
      return null;
    }
  }
}
