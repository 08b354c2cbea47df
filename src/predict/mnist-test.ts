/** The MNIST test split, for `predict --test-index`. */
import { UserError } from '../errors.js';
import { loadDataset, mnistDataDir } from '../core/data/dataset.js';
import { IdxError } from '../core/data/idx.js';
import { predictMessages as m } from './messages.js';

export interface TestImages {
  /** 784 bytes per image. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

export async function loadMnistTest(): Promise<TestImages> {
  try {
    return loadDataset(mnistDataDir()).test;
  } catch (error) {
    if (error instanceof IdxError) throw new UserError(m.noTestSet(error.message));
    throw error;
  }
}

/** Image i of the split as the network reads it: byte v -> float32(v / 255). */
export function testImage(images: TestImages, index: number): Float32Array {
  const out = new Float32Array(784);
  for (let p = 0; p < 784; p++) out[p] = Math.fround(images.pixels[index * 784 + p] / 255);
  return out;
}
