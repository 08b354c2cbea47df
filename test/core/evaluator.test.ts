/**
 * Evaluation hands the fused classification kernel more images at once than a network's
 * capacity (W is packed once per call): the predictions and accuracies must be those of
 * classifying the images layer by layer, `capacity` at a time.
 */
import { describe, expect, it } from 'vitest';
import { flatShape, fromHidden } from '../../src/core/architecture.js';
import { createKernelMemory } from '../../src/core/kernels/memory.js';
import { selectKernels } from '../../src/core/kernels/registry.js';
import { FUSED_CHUNK, Network } from '../../src/core/network.js';
import { createRandom } from '../../src/core/random/index.js';
import { argmax } from '../../src/core/functions.js';
import { Evaluator, type LabelledImages } from '../../src/core/train.js';
import { kernelInputs } from '../helpers/kernel-inputs.js';

const kernels = selectKernels(createKernelMemory());
const random = createRandom('default', 7);
const { sparseImages } = kernelInputs(kernels, random);
const CAPACITY = 100;
const COUNT = FUSED_CHUNK + 250;

/** COUNT random images with random labels, a network of `activation` with random weights. */
function setUp(activation: 'relu' | 'sigmoid') {
  const images: LabelledImages = { ...sparseImages(COUNT, 784), count: COUNT, labels: new Uint8Array(COUNT) };
  for (let i = 0; i < COUNT; i++) images.labels[i] = random.int(10);
  const network = new Network({ architecture: fromHidden(flatShape(784), [50], activation, 10), precision: 'float32', capacity: CAPACITY, kernels });
  network.initialize({ std: 0.3 }, random);
  for (const { b } of network.affines) for (let j = 0; j < b.length; j++) b[j] = random.normal();
  return { images, network };
}

/** Each image's class from the layers' scores, `capacity` images at a time. */
function layerByLayer(network: Network, images: LabelledImages, start: number, end: number): Uint8Array {
  const predicted = new Uint8Array(end - start);
  const rows = kernels.allocIndices(CAPACITY);
  for (let from = start; from < end; from += CAPACITY) {
    const n = Math.min(CAPACITY, end - from);
    for (let r = 0; r < n; r++) rows[r] = from + r;
    const scores = network.predict({ kind: 'sparse', images, rows, n });
    for (let r = 0; r < n; r++) predicted[from - start + r] = argmax(scores, r * 10, 10);
  }
  return predicted;
}

describe('an evaluation', () => {
  it('classifies more images than the capacity at once with the fused kernel, as the layers do capacity at a time', () => {
    const { images, network } = setUp('relu');
    expect(network.classifyChunk).toBe(FUSED_CHUNK);
    const start = 17;
    const evaluator = new Evaluator(network, [{ name: 'all', slice: { images, start, end: COUNT } }]);
    const accuracy = evaluator.accuracies().all;
    const expected = layerByLayer(network, images, start, COUNT);
    expect(Array.from(evaluator.predictions.all)).toEqual(Array.from(expected));
    expect(new Set(expected).size).toBeGreaterThan(5);
    const correct = expected.filter((c, k) => c === images.labels[start + k]).length;
    expect(accuracy).toBe(correct / (COUNT - start));
  });

  it('takes capacity images at a time through a network without the fused kernel', () => {
    const { images, network } = setUp('sigmoid');
    expect(network.classifyChunk).toBe(CAPACITY);
    const evaluator = new Evaluator(network, [{ name: 'all', slice: { images, start: 0, end: 1234 } }]);
    evaluator.accuracies();
    expect(Array.from(evaluator.predictions.all)).toEqual(Array.from(layerByLayer(network, images, 0, 1234)));
  });
});
