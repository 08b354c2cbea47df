/**
 * `run-experiments predict RUN_DIR IMAGE...`: what a trained run's model reads in a drawing.
 *
 *   1. load and check RUN_DIR's saved model (src/model/: model.safetensors, or an older
 *      folder's model.json + model.bin), any architecture that takes 28x28 images;
 *   2. prepare each image as MNIST's digits were (src/predict/preprocess.ts), and/or take
 *      images of the MNIST test set (--test-index);
 *   3. run the network, print the predicted digit and its ten probabilities
 *      (a table, or --json), and with --show write the 28x28 images the model saw.
 */
import { renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, ExitCode, type Command, type Io } from '../command.js';
import { predictMessages as m } from '../../predict/messages.js';
import { classWord } from '../../analysis/class-word.js';
import { osReason } from '../../results/fs-errors.js';

const HELP = `Usage: run-experiments predict RUN_DIR [IMAGE...] [options]

Reads digits with the model a completed run saved in RUN_DIR (e.g. results/lr-comparison/runs/lr-0.5).
Each IMAGE (PNG or JPEG, any size, dark on light or light on dark) is prepared the way
MNIST's digits were: greyscale, cropped to the ink, scaled into 20x20, centred by mass in 28x28.

Options:
  --test-index N     also classify image N of the test split of the run's own dataset
                     (MNIST's: 0..9999); repeatable, or a range N..M (both included),
                     e.g. --test-index 0..9; the table shows its true digit (or class),
                     with a ! when the prediction is wrong
  --show OUT.png     write the 28x28 images the model saw (enlarged 8 times, side by side),
                     as PNG or, for a name ending in .jpg or .jpeg, JPEG
  --json             print the predictions as JSON instead of a table
  -h, --help         show this help

Example:
  run-experiments predict results/lr-comparison/runs/lr-0.5 my-seven.png --show seen.png
`;

/** One classified image. */
export interface Prediction {
  input: string;
  predicted: number;
  probabilities: number[];
  /** The true digit for a test-set image, null for a file. */
  label: number | null;
}

export const predictCommand: Command = {
  name: 'predict',
  summary: "Read digits in images with a run's saved model",
  help: HELP,
  positionals: ['RUN_DIR', 'IMAGE...'],
  options: {
    json: { type: 'boolean' },
    show: { type: 'string' },
    'test-index': { type: 'string', multiple: true },
  },
  async run(options, positionals, io) {
    // the model, image decoders and dataset readers load only here: other commands start without them
    const [{ sizeOf }, { modelFileOf, readModel }, { networkFromModel }, { loadTestSet, testImage }, { preprocessImageFile }, { seenImagesFile, showFormatOf }, { parseTestIndices }] = await Promise.all([
      import('../../core/architecture.js'), import('../../model/files.js'), import('../../model/network.js'), import('../../predict/mnist-test.js'),
      import('../../predict/preprocess.js'), import('../../predict/show.js'), import('../../predict/test-indices.js'),
    ]);
    const [runDir, ...images] = positionals;
    const indexValues = (options['test-index'] as string[] | undefined) ?? [];
    if (runDir === undefined) throw new UserError(m.needRunDir);
    if (images.length === 0 && indexValues.length === 0) throw new UserError(m.needInput(runDir));
    const showFormat = typeof options.show === 'string' ? showFormatOf(options.show) : null;
    if (typeof options.show === 'string' && showFormat === null) throw new UserError(m.showExtension(options.show));
    if (typeof options.show === 'string') {
      const shown = statOrNothing(resolve(io.cwd, options.show));
      // the picture would replace the photo it was read from: by its name, or another name of the same file
      const input = shown && images.find((image) => sameFile(shown, statOrNothing(resolve(io.cwd, image))));
      if (input !== undefined) throw new UserError(m.showIsInput(options.show, input));
    }

    const folder = resolve(io.cwd, runDir);
    const saved = readModel(folder);
    const inputs = sizeOf(saved.architecture.input);
    if (inputs !== 784) throw new UserError(m.wrongInputs(runDir, inputs));
    const model = networkFromModel(saved, { source: modelFileOf(folder) });

    const rows: { input: string; x: Float32Array; label: number | null }[] = images.map((image) => ({
      input: image,
      x: preprocessImageFile(resolve(io.cwd, image)),
      label: null,
    }));
    if (indexValues.length > 0) {
      const test = await loadTestSet(resolve(io.cwd, runDir));
      for (const index of parseTestIndices(indexValues, test.labels.length)) {
        rows.push({ input: m.testInput(index), x: testImage(test, index), label: test.labels[index] });
      }
    }

    const batch = new Float32Array(rows.length * 784);
    rows.forEach((row, i) => batch.set(row.x, i * 784));
    const probabilities = model.probabilities(batch, rows.length);
    const classes = probabilities.length / rows.length;
    if (!probabilities.every(Number.isFinite)) throw new UserError(m.notFinite(runDir));
    const predictions: Prediction[] = rows.map((row, i) => {
      const p = Array.from(probabilities.subarray(i * classes, (i + 1) * classes));
      return { input: row.input, predicted: p.indexOf(Math.max(...p)), probabilities: p, label: row.label };
    });

    if (typeof options.show === 'string' && showFormat !== null) {
      const path = resolve(io.cwd, options.show);
      writeAtomically(path, seenImagesFile(rows.map((r) => r.x), showFormat));
      io.stderr.write(`${m.showWritten(options.show, rows.length)}\n`);
    }
    io.stdout.write(options.json ? `${JSON.stringify(predictions, null, 2)}\n` : predictionTable(predictions));
    return ExitCode.ok;
  },
};

/** One row per input: the predicted digit, the true one for test images, then each class's probability. */
export function predictionTable(predictions: Prediction[]): string {
  const withLabels = predictions.some((p) => p.label !== null);
  const classes = predictions[0]?.probabilities.length ?? 0;
  const inputWidth = Math.max(5, ...predictions.map((p) => p.input.length));
  const header = [
    'input'.padEnd(inputWidth),
    classWord(classes).padStart(5),
    ...(withLabels ? ['true'] : []),
    ...Array.from({ length: classes }, (_, c) => `p(${c})`.padStart(6)),
  ].join('  ');
  const lines = predictions.map((p) =>
    [
      p.input.padEnd(inputWidth),
      String(p.predicted).padStart(5),
      ...(withLabels ? [(p.label === null ? '-' : `${p.label}${p.label === p.predicted ? ' ' : '!'}`).padStart(4)] : []),
      ...p.probabilities.map((v) => v.toFixed(3).padStart(6)),
    ].join('  '),
  );
  const tested = predictions.filter((p) => p.label !== null);
  const summary = tested.length > 0 ? [m.testSummary(tested.filter((p) => p.label === p.predicted).length, tested.length)] : [];
  return `${[header, ...lines, ...summary].join('\n')}\n`;
}

function writeAtomically(path: string, data: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    removeIfThere(temporary);
    throw new UserError(m.cannotWrite(path, osReason(error)));
  }
}

/** Removes a temporary file we may have written; a path that cannot hold one (under a file) holds nothing to remove. */
function removeIfThere(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR and the like: nothing was written there
  }
}

/** The file's stats; nothing when there is none, or it cannot be looked at (the write, or the read, then says why). */
function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether two stats are of one file (the same device and inode). */
function sameFile(a: Stats, b: Stats | undefined): boolean {
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
