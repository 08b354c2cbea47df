/**
 * The test split of a run's own dataset, for `predict --test-index`: the folder its
 * config.json names under data.source, or MNIST's (also for a model folder without one).
 */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { loadDataset, mnistDataDir } from '../core/data/dataset.js';
import { IdxError } from '../core/data/idx.js';
import { readRegularFile } from '../core/read-file.js';
import { predictMessages as m } from './messages.js';

/** More than any run's config.json holds. */
const MAX_CONFIG_BYTES = 16 * 1024 ** 2;

export interface TestImages {
  /** 784 bytes per image. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** The dataset folder a run trained on, from its config.json; null for MNIST. */
export function runDatasetDir(runDir: string): string | null {
  let config: { config?: { data?: { source?: { kind?: unknown; path?: unknown } } } };
  try {
    // a regular file only: a FIFO of that name would otherwise hold predict in open() for good
    config = JSON.parse(readRegularFile(join(runDir, 'config.json'), MAX_CONFIG_BYTES, "a run's config.json").toString('utf8'));
  } catch {
    return null;
  }
  const source = config?.config?.data?.source;
  return source?.kind === 'path' && typeof source.path === 'string' ? source.path : null;
}

/** The test split of the dataset the run in `runDir` was trained on (MNIST's when none is named). */
export async function loadTestSet(runDir = ''): Promise<TestImages> {
  const dir = runDatasetDir(runDir);
  try {
    return loadDataset(dir ?? mnistDataDir()).test;
  } catch (error) {
    if (error instanceof IdxError) throw new UserError(m.noTestSet(error.message, dir));
    throw error;
  }
}

/** Image i of the split as the network reads it: byte v -> float32(v / 255). */
export function testImage(images: TestImages, index: number): Float32Array {
  const out = new Float32Array(784);
  for (let p = 0; p < 784; p++) out[p] = Math.fround(images.pixels[index * 784 + p] / 255);
  return out;
}
