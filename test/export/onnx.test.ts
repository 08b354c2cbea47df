/**
 * `export --onnx`: the exported file runs in ONNX Runtime (onnxruntime-node) and gives our
 * probabilities: the committed MLP on 1,000 MNIST test images, and a network of every layer
 * type against an independent float64 forward pass. Python's onnx checker, where Debian's
 * python3-onnx is installed, checks each file too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, mnistDataDir } from '../../src/core/data/index.js';
import { exportMessages as m } from '../../src/export/messages.js';
import { loadModel, readModel, saveModel } from '../../src/model/files.js';
import { modelMessages } from '../../src/model/messages.js';
import { networkFromModel } from '../../src/model/network.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';
import { EVERY_LAYER, PYTHON, pythonHas, randomModel } from '../model/random-model.js';
import { referenceProbabilities } from '../model/reference-forward.js';

type Ort = typeof import('onnxruntime-node');
const COMMITTED = new URL('../../results/lr-comparison/runs/lr-0.5', import.meta.url).pathname;
const IMAGES = 1000;
const TOLERANCE = 1e-5;
const dir = scratchDir('onnx');
let ort: Ort;
/** The first IMAGES test images as the network reads them: pixel / 255 in float32. */
let images: Float32Array;

beforeAll(async () => {
  ort = await import('onnxruntime-node');
  const test = loadDataset(mnistDataDir()).test;
  images = Float32Array.from(test.pixels.subarray(0, IMAGES * 784), (v) => Math.fround(v / 255));
});

async function exportRun(runDir: string, name: string): Promise<string> {
  const out = join(dir, name);
  const result = await cli(['export', runDir, '--onnx', out], dir);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

/** ONNX Runtime's probabilities for n images of x. */
async function runOnnx(file: string, x: Float32Array, n: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const output = await session.run({ image: new ort.Tensor('float32', x, [n, 1, 28, 28]) });
  expect(output.probabilities.dims).toEqual([n, 10]);
  return output.probabilities.data as Float32Array;
}

function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const onnxChecker = pythonHas('onnx');
/** Where a check is skipped, its title says why and how to get the checker. */
const NO_CHECKER = onnxChecker ? '' : ` (skipped: ${PYTHON} has no onnx module: apt-get install python3-onnx)`;
function checkWithPython(file: string): void {
  const result = spawnSync(PYTHON, ['-c', 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', file], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

describe('the committed MLP (results/lr-comparison, lr-0.5) exported as ONNX', () => {
  let file: string;
  beforeAll(async () => {
    file = await exportRun(COMMITTED, 'lr-0.5.onnx');
  });

  it(`gives in ONNX Runtime the probabilities of our network on ${IMAGES} MNIST test images, within ${TOLERANCE}`, async () => {
    const ours = loadModel(COMMITTED).probabilities(images, IMAGES);
    const theirs = await runOnnx(file, images, IMAGES);
    expect(largestDifference(theirs, ours)).toBeLessThan(TOLERANCE);
  });

  it('is the same bytes every time', async () => {
    expect(readFileSync(await exportRun(COMMITTED, 'again.onnx')).equals(readFileSync(file))).toBe(true);
  });

  it.runIf(onnxChecker)(`passes onnx.checker.check_model (Debian's python3-onnx)${NO_CHECKER}`, () => checkWithPython(file));
});

describe('a network of every layer type, with random weights, exported as ONNX', () => {
  for (const precision of ['float32', 'float64'] as const) {
    describe(`in ${precision}`, () => {
      const model = randomModel(EVERY_LAYER, precision, 5);
      const n = 50;
      let file: string;
      beforeAll(async () => {
        saveModel(join(dir, `every-${precision}`), model);
        file = await exportRun(join(dir, `every-${precision}`), `every-${precision}.onnx`);
      });

      it(`gives in ONNX Runtime the probabilities of an independent float64 forward pass on ${n} MNIST test images, within ${TOLERANCE}`, async () => {
        const theirs = await runOnnx(file, images.subarray(0, n * 784), n);
        const reference = Array.from({ length: n }, (_, i) => referenceProbabilities(model, images.subarray(i * 784, (i + 1) * 784))).flat();
        expect(largestDifference(theirs, reference)).toBeLessThan(TOLERANCE);
      });

      it(`gives in ONNX Runtime the probabilities of our network, within ${TOLERANCE}`, async () => {
        const theirs = await runOnnx(file, images.subarray(0, n * 784), n);
        expect(largestDifference(theirs, networkFromModel(model).probabilities(images.subarray(0, n * 784), n))).toBeLessThan(TOLERANCE);
      });

      it.runIf(onnxChecker)(`passes onnx.checker.check_model${NO_CHECKER}`, () => checkWithPython(file));
    });
  }
});

describe('run-experiments export, given something wrong, exits 2 with one line and writes nothing', () => {
  // a float64 model with a weight past float32's range, which the ONNX file's float32 would make infinite
  const huge = randomModel(EVERY_LAYER, 'float64', 7);
  huge.tensors[2].data[3] = 1e39;
  saveModel(join(dir, 'huge64'), huge);
  const cases: [string, () => string[], () => string][] = [
    ['a float64 weight beyond float32', () => ['export', 'huge64', '--onnx', 'x.onnx'], () => m.beyondFloat32(join(dir, 'huge64', 'model.safetensors'), huge.tensors[2].name, 3, 1e39)],
    ['no run folder', () => ['export'], () => m.needRunDir],
    ['no --onnx', () => ['export', COMMITTED], () => m.needOnnx(COMMITTED)],
    ['two run folders', () => ['export', COMMITTED, 'other', '--onnx', 'x.onnx'], () => m.extraArguments(['other'])],
    ['a name not ending in .onnx', () => ['export', COMMITTED, '--onnx', 'model.safetensors'], () => m.onnxExtension(join(dir, 'model.safetensors'))],
    ['a run folder that does not exist', () => ['export', 'nope', '--onnx', 'x.onnx'], () => modelMessages.noRunDir(join(dir, 'nope'))],
    ['a folder with no model', () => ['export', 'empty', '--onnx', 'x.onnx'], () => modelMessages.noModel(join(dir, 'empty'))],
    ['an OUT in a folder that does not exist', () => ['export', COMMITTED, '--onnx', 'no/such/x.onnx'], () => m.cannotWrite(join(dir, 'no/such/x.onnx'), 'no such file or directory (ENOENT)')],
    ['an OUT that is a folder', () => ['export', COMMITTED, '--onnx', 'folder.onnx'], () => m.cannotWrite(join(dir, 'folder.onnx'), 'illegal operation on a directory (EISDIR)')],
  ];
  for (const [what, args, message] of cases) {
    it(`for ${what}`, async () => {
      mkdirSync(join(dir, 'empty'), { recursive: true });
      mkdirSync(join(dir, 'folder.onnx'), { recursive: true });
      const before = readdirSync(dir).sort();
      const result = await cli(args(), dir);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments export: ${message()}\n` });
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(readdirSync(join(dir, 'folder.onnx'))).toEqual([]);
    });
  }

  it('says where it wrote the file, and the shape of its input', async () => {
    const result = await cli(['export', COMMITTED, '--onnx', 'said.onnx'], dir);
    expect(result).toEqual({ code: 0, stdout: '', stderr: `${m.written('said.onnx', COMMITTED, [1, 28, 28])}\n` });
    expect(existsSync(join(dir, 'said.onnx'))).toBe(true);
    expect(readModel(COMMITTED).hash).toBe('45f6d92d788a');
  });
});
