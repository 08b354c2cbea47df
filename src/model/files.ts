/**
 * A run folder's saved model: written as model.safetensors (safetensors.ts); read from
 * model.safetensors, or from model.json + model.bin in folders saved by older versions
 * (format.ts, legacy.ts).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { danglingLinkWords, FileReadError, readRegularFile } from '../core/read-file.js';
import { decodeModel } from './decode.js';
import { ModelFileError } from './errors.js';
import { MODEL_BIN, MODEL_JSON } from './format.js';
import { savedModelFromLegacy } from './legacy.js';
import { modelMessages as m } from './messages.js';
import { networkFromModel, type ModelNetwork, type NetworkOptions } from './network.js';
import { decodeSafetensors, encodeSafetensors, MODEL_SAFETENSORS } from './safetensors.js';
import { hasSavedModel } from './saved-files.js';
import type { SavedModel } from './saved-model.js';

/** The largest model.json and model files read (a header is a few hundred bytes; 2 GiB is 500 million float32 weights). */
export const MAX_HEADER_BYTES = 1024 ** 2;
export const MAX_WEIGHT_BYTES = 2 * 1024 ** 3;

/** Writes runDir/model.safetensors (runDir created if needed) through a temporary name. */
export function saveModel(runDir: string, model: SavedModel): void {
  mkdirSync(runDir, { recursive: true });
  const path = join(runDir, MODEL_SAFETENSORS);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, encodeSafetensors(model));
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Reads and checks runDir's saved model, in either format; throws ModelFileError saying what is wrong. */
export function readModel(runDir: string): SavedModel {
  if (!statSync(runDir, { throwIfNoEntry: false })?.isDirectory()) throw new ModelFileError(m.noRunDir(runDir, danglingLinkWords(runDir)));
  const path = join(runDir, MODEL_SAFETENSORS);
  if (existsSync(path) || !existsSync(join(runDir, MODEL_JSON))) {
    const bytes = readOrExplain(path, MAX_WEIGHT_BYTES, () => noModelMessage(runDir));
    return decodeSafetensors(bytes, path);
  }
  const paths = { json: join(runDir, MODEL_JSON), bin: join(runDir, MODEL_BIN) };
  const jsonText = readOrExplain(paths.json, MAX_HEADER_BYTES, () => m.missingFile(runDir, MODEL_JSON)).toString('utf8');
  const bin = readOrExplain(paths.bin, MAX_WEIGHT_BYTES, () => m.missingFile(runDir, MODEL_BIN));
  return savedModelFromLegacy(decodeModel(jsonText, bin, paths));
}

/** The file in runDir that holds its model, for messages: model.safetensors, or model.bin in an older folder. */
export function modelFileOf(runDir: string): string {
  const path = join(runDir, MODEL_SAFETENSORS);
  return existsSync(path) || !existsSync(join(runDir, MODEL_JSON)) ? path : join(runDir, MODEL_BIN);
}

/** The trained network saved in runDir (e.g. results/lr-comparison/runs/lr-0.5), ready to compute. */
export function loadModel(runDir: string, options: NetworkOptions = {}): ModelNetwork {
  return networkFromModel(readModel(runDir), { source: modelFileOf(runDir), ...options });
}

/** Why runDir has no model: a results folder given for one of its runs is told so, with a run to give instead. */
function noModelMessage(runDir: string): string {
  // 'runs' as results/run-folder.ts names it (RUNS_FOLDER), which imports this module's neighbours
  const runs = join(runDir, 'runs');
  if (!statSync(runs, { throwIfNoEntry: false })?.isDirectory()) return m.noModel(runDir);
  const names = readdirSync(runs, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  // a run that can be given: a folder may commit only some runs' models (report/kept-models.ts)
  const example = names.find((name) => hasSavedModel(join(runs, name))) ?? names[0];
  return m.resultsNotRun(runDir, join(runs, example ?? 'RUN'));
}

function readOrExplain(path: string, maxBytes: number, missing: () => string): Buffer {
  try {
    return readRegularFile(path, maxBytes, `a ${basename(path)}`);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new ModelFileError(missing());
    throw new ModelFileError(m.unreadable(path, error.reason));
  }
}
