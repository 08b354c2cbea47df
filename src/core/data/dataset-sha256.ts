/**
 * The sha256 of a dataset folder's four IDX files: what a `data.path` run's config records
 * (and its hash covers, rather than where the folder is), and what a queue worker proves it
 * has the coordinator's data with.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { splitFiles } from './files.js';

const cache = new Map<string, string>();

/** Over the train images, train labels, test images and test labels, in that order; IdxError when one is missing. */
export function datasetSha256(dir: string): string {
  const known = cache.get(dir);
  if (known) return known;
  const hash = createHash('sha256');
  for (const split of ['train', 'test'] as const) {
    const { images, labels } = splitFiles(dir, split);
    for (const path of [images, labels]) hash.update(readFileSync(path));
  }
  const sha = hash.digest('hex');
  cache.set(dir, sha);
  return sha;
}
