/**
 * Whether a run's folder can be trusted as its result: every file the run should have is
 * there and checks out. config.json parses (any indentation, CRLF line endings) and its
 * row counts match the CSVs; a completed run also has its model (model.safetensors: its
 * header sound, saved by this run's hash, the layers its config asks for, its data's sha256
 * as the header says; or, saved by an older version, model.bin's size and sha256 as
 * model.json says, for this run's hash), a confusion matrix of each evaluation
 * slice (CSV counting the slice's images) when it was evaluated, and the CSV of its
 * mistakes (indices inside the slice's split, classes the model has), each with the cells
 * whose SHA-256 config.json records (where it records them). The file names
 * follow what the worker sends (worker.ts: model, mistakesOn) and artifacts.ts writes.
 * A run folder holds no pictures: the report draws them (into charts/), from these files.
 */
import { join } from 'node:path';
import { mistakesFile, parseMistakesCsv } from '../analysis/mistakes-file.js';
import { parseHeader } from '../model/decode.js';
import { MODEL_BIN, MODEL_JSON, sha256 } from '../model/format.js';
import { MODEL_SAFETENSORS, readSafetensorsHeader } from '../model/safetensors.js';
import { hasSavedModel } from '../model/saved-files.js';
import type { Architecture, LayerSpec } from '../core/architecture.js';
import { architectureOf } from '../spec/layers.js';
import { evaluationNames, evaluationSlice, imageCount, mistakesSlice } from '../spec/evaluation-slices.js';
import type { ModelSpec } from '../spec/types.js';
import { notCsv, parseCsv } from '../results/csv.js';
import { resultsMessages as rm } from '../results/messages.js';
import { NotRegularFile, readBytesWithoutBlocking } from '../results/read-opened.js';
import { csvRecordProblem, inspectRunFolder, readText } from '../results/run-folder.js';
import { isProblem } from '../results/run-files.js';
import type { RunResult } from '../results/types.js';
import { cacheMessages as m } from './cache-messages.js';

export type RunCheck = RunResult | { problem: string };

export function checkRunFolder(folder: string, runId: string): RunCheck {
  const result = inspectRunFolder(folder, runId);
  if (isProblem(result)) return result;
  const problem = missingFileProblem(folder, result);
  return problem === null ? result : { problem };
}

/**
 * What is wrong with the files beyond metrics.csv, evaluations.csv and config.json of a run read
 * from `folder`, or null. `modelLeftOut`: the results folder does not commit this run's model
 * (report/kept-models.ts), so a folder without one is whole; a model that is there is checked.
 */
export function missingFileProblem(folder: string, result: RunResult, modelLeftOut = false): string | null {
  if (result.status === 'completed') {
    const absent = modelLeftOut && !hasSavedModel(folder);
    const problem = (absent ? null : modelProblem(folder, result)) ?? analysisProblem(folder, result);
    if (problem !== null) return problem;
  }
  // last: a file that is damaged is said to be, rather than not the run's
  return csvRecordProblem(folder);
}

/** The slices of a completed run's analysis files: confusion matrices when it was evaluated, and its mistakes. */
export function analysisSlices(result: RunResult): { confusion: string[]; mistakes: string | null } {
  const slices = evaluationNames(result.run.config.data);
  return {
    confusion: result.evaluations.length > 0 ? slices : [],
    mistakes: mistakesSlice(slices),
  };
}

/** What is wrong with the model in a run's folder, if there is one (null when there is none, or it is whole and the run's). */
export function savedModelProblem(folder: string, result: RunResult): string | null {
  return hasSavedModel(folder) ? modelProblem(folder, result) : null;
}

/** The model a completed run saved: model.safetensors, or model.json + model.bin in a folder saved by an older version. */
function modelProblem(folder: string, result: RunResult): string | null {
  const bytes = readBytes(join(folder, MODEL_SAFETENSORS));
  if (bytes === null && readText(join(folder, MODEL_JSON)) !== null) return legacyModelProblem(folder, result.run.hash);
  if (bytes === null) return rm.missingFile(MODEL_SAFETENSORS);
  if (typeof bytes === 'string') return rm.unreadableFile(MODEL_SAFETENSORS, bytes);
  let header;
  try {
    header = readSafetensorsHeader(bytes, MODEL_SAFETENSORS);
  } catch (error) {
    return rm.modelDamaged((error as Error).message);
  }
  if (header.hash !== result.run.hash) return m.modelOtherRun(MODEL_SAFETENSORS, header.hash);
  const expected = configLayers(result.run.config.model, header.architecture);
  if (JSON.stringify(header.architecture.layers) !== JSON.stringify(expected)) return m.modelNotConfig(MODEL_SAFETENSORS);
  return sha256(bytes.subarray(header.dataStart)) === header.dataSha256 ? null : m.modelDataSha(MODEL_SAFETENSORS);
}

/**
 * The layers the run's config asks for, with the saved file's input shape and number of
 * classes (both the dataset's). The seed's shorthand today; `model.layers` configs when the
 * spec has them (the spec's architectureOf).
 */
function configLayers(model: ModelSpec, saved: Architecture): LayerSpec[] {
  const last = saved.layers.at(-1);
  const classes = last?.type === 'affine' ? last.outputs : 0;
  return architectureOf(model, saved.input, classes).layers;
}

function legacyModelProblem(folder: string, hash: string): string | null {
  const text = readText(join(folder, MODEL_JSON));
  if (text === null) return rm.missingFile(MODEL_JSON);
  if (typeof text !== 'string') return rm.unreadableFile(MODEL_JSON, text.reason);
  let header;
  try {
    header = parseHeader(text, MODEL_JSON);
  } catch (error) {
    return rm.modelDamaged((error as Error).message);
  }
  if (header.hash !== hash) return rm.modelOtherRun(header.hash);
  const bin = readBytes(join(folder, MODEL_BIN));
  if (bin === null) return rm.missingFile(MODEL_BIN);
  if (typeof bin === 'string') return rm.unreadableFile(MODEL_BIN, bin);
  if (bin.length !== header.byteLength) return m.modelTruncated(bin.length, header.byteLength);
  return sha256(bin) === header.sha256 ? null : rm.modelSha;
}

/** A file's bytes, null when it is not there, or the operating system's code when it can't be read. */
function readBytes(path: string): Buffer | string | null {
  try {
    return readBytesWithoutBlocking(path);
  } catch (error) {
    if (error instanceof NotRegularFile) return error.message;
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : String(code);
  }
}

function analysisProblem(folder: string, result: RunResult): string | null {
  const { confusion, mistakes: slice } = analysisSlices(result);
  let classes = 256;
  for (const slice of confusion) {
    const checked = confusionProblem(folder, `confusion-${slice}.csv`, imageCount(evaluationSlice(result.run.config.data, slice)!));
    if (typeof checked === 'string') return checked;
    classes = checked;
  }
  if (slice === null) return null;
  const file = mistakesFile(slice);
  const text = readText(join(folder, file));
  if (text === null) return rm.missingFile(file);
  if (typeof text !== 'string') return rm.unreadableFile(file, text.reason);
  // indices are the split's: below the slice's end (a held-out part's lie inside the training slice)
  const parsed = parseMistakesCsv(text, { images: evaluationSlice(result.run.config.data, slice)!.end, classes });
  return typeof parsed === 'string' ? rm.badCsv(file, parsed) : null;
}

/** The number of classes of a sound confusion CSV counting `images` images, or what is wrong with it. */
function confusionProblem(folder: string, file: string, images: number): number | string {
  const text = readText(join(folder, file));
  if (text === null) return rm.missingFile(file);
  if (typeof text !== 'string') return rm.unreadableFile(file, text.reason);
  let matrix: number[][];
  try {
    const { header, rows } = parseCsv(text);
    matrix = rows.map((row) => row.slice(1).map((cell) => (/^\d+$/.test(cell) ? Number(cell) : NaN)));
    if (header.length < 2 || matrix.length !== header.length - 1 || !matrix.every((r) => r.length === header.length - 1 && r.every(Number.isInteger))) {
      return rm.badCsv(file, 'a square table of counts');
    }
  } catch (error) {
    return rm.badCsv(file, notCsv(error));
  }
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  return total === images ? matrix.length : m.confusionWrong(file, total, images);
}
