// Runs `predict` through runCli with the real network core (src/core/network.ts) loading a
// tiny saved model; expected probabilities come from the plain forward pass in tiny-network.ts.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { saveModel } from '../../src/model/files.js';
import { savedModelFromLegacy } from '../../src/model/legacy.js';
import { formatProblems, modelMessages } from '../../src/model/messages.js';
import { encodeSafetensors, MODEL_SAFETENSORS } from '../../src/model/safetensors.js';
import { imageMessages, predictMessages as m } from '../../src/predict/messages.js';
import { preprocessImageFile } from '../../src/predict/preprocess.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';
import { forward, saveLegacyModel, tinyModel, tinySaved } from '../model/tiny-network.js';
import { EVERY_LAYER, randomModel } from '../model/random-model.js';
import { referenceProbabilities } from '../model/reference-forward.js';

/** A ten-image stand-in for the MNIST test split: image i has pixel i set to 255 and label i. */
const fakeTest = {
  pixels: Uint8Array.from({ length: 10 * 784 }, (_, p) => (p % 784 === Math.floor(p / 784) * 80 ? 255 : 0)),
  labels: Uint8Array.from({ length: 10 }, (_, i) => i),
};
vi.mock('../../src/predict/mnist-test.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/predict/mnist-test.js')>()),
  loadTestSet: async () => fakeTest,
}));

const fixtures = new URL('../fixtures/digits/', import.meta.url).pathname;
const TOLERANCE = 1e-6;
let dir: string;

beforeAll(() => {
  dir = scratchDir('predict-cli');
  saveModel(join(dir, 'run'), tinySaved());
  saveModel(join(dir, 'results/runs/lr-0.5'), tinySaved());
});

async function predict(...args: string[]) {
  return cli(['predict', ...args], dir);
}

const expected = (file: string) => forward(tinyModel(), preprocessImageFile(join(fixtures, file)));
const argmax = (p: number[]) => p.indexOf(Math.max(...p));

describe('run-experiments predict', () => {
  it('prints the predicted digit and the ten probabilities of each image', async () => {
    const { code, stdout } = await predict('run', join(fixtures, 'seven-warm.png'), join(fixtures, 'three.jpg'));
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['input', 'digit', ...Array.from({ length: 10 }, (_, c) => `p(${c})`)]);
    expect(lines).toHaveLength(3);
    lines.slice(1).forEach((line, i) => {
      const p = expected(['seven-warm.png', 'three.jpg'][i]);
      const cells = line.trim().split(/\s+/);
      expect(Number(cells[1])).toBe(argmax(p));
      expect(cells.slice(2)).toEqual(p.map((v) => v.toFixed(3)));
    });
  });

  it('prints JSON with --json, with the probabilities of the saved network', async () => {
    const { code, stdout } = await predict('run', join(fixtures, 'four-blue-alpha.png'), '--json');
    expect(code).toBe(0);
    const [prediction] = JSON.parse(stdout);
    const p = expected('four-blue-alpha.png');
    expect(prediction.input).toBe(join(fixtures, 'four-blue-alpha.png'));
    expect(prediction.predicted).toBe(argmax(p));
    expect(prediction.label).toBeNull();
    prediction.probabilities.forEach((v: number, c: number) => expect(Math.abs(v - p[c])).toBeLessThan(TOLERANCE));
  });

  it('writes the 28x28 image the model saw, enlarged 8 times, with --show', async () => {
    const { code, stderr } = await predict('run', join(fixtures, 'zero-grey.png'), '--show', 'seen.png');
    expect(code).toBe(0);
    expect(stderr).toBe(`${m.showWritten('seen.png', 1)}\n`);
    const png = pngjs.PNG.sync.read(readFileSync(join(dir, 'seen.png')));
    expect([png.width, png.height]).toEqual([224, 224]);
    const seen = preprocessImageFile(join(fixtures, 'zero-grey.png'));
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) expect(png.data[(y * 8 * 224 + x * 8) * 4]).toBe(Math.round(seen[y * 28 + x] * 255));
    }
  });

  it('writes every image the model saw side by side with --show, in argument order', async () => {
    const { code } = await predict('run', join(fixtures, 'one-tall.png'), '--test-index', '2', '--show', 'both.png');
    expect(code).toBe(0);
    const png = pngjs.PNG.sync.read(readFileSync(join(dir, 'both.png')));
    expect([png.width, png.height]).toEqual([224 + 8 + 224, 224]);
  });

  it('classifies MNIST test images by index and range, with their true labels', async () => {
    const { code, stdout } = await predict('run', '--test-index', '3', '--test-index', '5..7', '--json');
    expect(code).toBe(0);
    const predictions = JSON.parse(stdout);
    expect(predictions.map((p: { input: string }) => p.input)).toEqual([3, 5, 6, 7].map(m.testInput));
    expect(predictions.map((p: { label: number }) => p.label)).toEqual([3, 5, 6, 7]);
  });

  it('counts the test images it got right under the table, against their true labels', async () => {
    const { stdout } = await predict('run', '--test-index', '0..9');
    const lines = stdout.trimEnd().split('\n');
    // the saved network's own answers on the ten stand-in images, compared with their labels
    const correct = fakeTest.labels.filter((label, i) => {
      const image = Array.from(fakeTest.pixels.subarray(i * 784, (i + 1) * 784), (v) => Math.fround(v / 255));
      return argmax(forward(tinyModel(), image)) === label;
    }).length;
    expect(correct).toBeGreaterThan(0);
    expect(correct).toBeLessThan(10);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe(m.testSummary(correct, 10));
  });
});

describe('run-experiments predict, for models of either format and any architecture', () => {
  const everyLayer = randomModel(EVERY_LAYER, 'float32', 11);

  it('reads with an older run folder\'s model.json and model.bin the probabilities of its weights', async () => {
    saveLegacyModel(join(dir, 'old'), tinyModel('float64', 'sigmoid'));
    const { code, stdout } = await predict('old', join(fixtures, 'three.jpg'), '--json');
    expect(code).toBe(0);
    const p = forward(tinyModel('float64', 'sigmoid'), preprocessImageFile(join(fixtures, 'three.jpg')));
    JSON.parse(stdout)[0].probabilities.forEach((v: number, c: number) => expect(Math.abs(v - p[c])).toBeLessThan(1e-12));
  });

  it('reads with a network of every layer type the probabilities of an independent float64 forward pass, within 1e-5', async () => {
    saveModel(join(dir, 'every-layer'), everyLayer);
    const { code, stdout, stderr } = await predict('every-layer', join(fixtures, 'three.jpg'), join(fixtures, 'zero-grey.png'), '--json');
    expect(code, stderr).toBe(0);
    JSON.parse(stdout).forEach((prediction: { probabilities: number[] }, i: number) => {
      const p = referenceProbabilities(everyLayer, preprocessImageFile(join(fixtures, ['three.jpg', 'zero-grey.png'][i])));
      prediction.probabilities.forEach((v, c) => expect(Math.abs(v - p[c])).toBeLessThan(1e-5));
    });
  });

});

describe('run-experiments predict, given something wrong', () => {
  const cases: [string, string[], () => string][] = [
    ['no arguments', [], () => m.needRunDir],
    ['a run folder but no image', ['run'], () => m.needInput('run')],
    ['a missing image', ['run', 'nope.png'], () => imageMessages.missing(join(dir, 'nope.png'))],
    ['a folder with no model', ['.', 'x.png'], () => modelMessages.noModel(dir)],
    ['a results folder instead of one of its runs', ['results', 'x.png'], () => modelMessages.resultsNotRun(join(dir, 'results'), join(dir, 'results/runs/lr-0.5'))],
    ['a test index that is not a number', ['run', '--test-index', 'seven'], () => m.badIndex('seven')],
    ['a backwards range', ['run', '--test-index', '9..2'], () => m.badIndex('9..2')],
    ['a test index past the end', ['run', '--test-index', '10'], () => m.indexRange('10', 10)],
  ];
  for (const [what, args, message] of cases) {
    it(`says so for ${what} and exits 2 without a stack trace`, async () => {
      const { code, stdout, stderr } = await predict(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`run-experiments predict: ${message()}\n`);
    });
  }

  it('says a model.safetensors cut short is not a model it can read, and exits 2', async () => {
    saveModel(join(dir, 'cut'), tinySaved());
    truncateSync(join(dir, 'cut', MODEL_SAFETENSORS), 100);
    const { code, stderr } = await predict('cut', join(fixtures, 'zero-grey.png'));
    expect(code).toBe(2);
    const header = encodeSafetensors(tinySaved()).readBigUInt64LE(0);
    expect(stderr).toBe(`run-experiments predict: ${modelMessages.safetensors(join(dir, 'cut', MODEL_SAFETENSORS), formatProblems.headerTooLong(header, 92))}\n`);
  });

  it('says a damaged model.bin of an older run folder is damaged and exits 2', async () => {
    saveLegacyModel(join(dir, 'damaged'), tinyModel());
    truncateSync(join(dir, 'damaged', 'model.bin'), 100);
    const { code, stderr } = await predict('damaged', join(fixtures, 'zero-grey.png'));
    expect(code).toBe(2);
    const size = (784 * 5 + 5 + 5 * 10 + 10) * 4;
    expect(stderr).toBe(`run-experiments predict: ${modelMessages.truncated(join(dir, 'damaged', 'model.bin'), size, 100)}\n`);
  });

  it('says a model that does not take 784 pixels cannot read images', async () => {
    const model = tinyModel();
    model.layers[0] = { inputs: 3, outputs: 5, W: new Float32Array(15), b: new Float32Array(5) };
    saveModel(join(dir, 'small'), savedModelFromLegacy({ ...model, hash: 'h' }));
    const { code, stderr } = await predict('small', join(fixtures, 'zero-grey.png'));
    expect(code).toBe(2);
    expect(stderr).toBe(`run-experiments predict: ${m.wrongInputs('small', 3)}\n`);
  });

  it('says a file that is not an image is not one', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    const { code, stderr } = await predict('run', 'notes.txt');
    expect(code).toBe(2);
    expect(stderr).toBe(`run-experiments predict: ${imageMessages.unknownType(join(dir, 'notes.txt'))}\n`);
  });
});
