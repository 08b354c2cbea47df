/** Saving a model into a run folder and loading it back as the core's network. */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mlp } from '../core/network.js';
import { FileReadError, readRegularFile } from '../core/read-file.js';
import { decodeModel } from './decode.js';
import { ModelFileError } from './errors.js';
import { MODEL_BIN, MODEL_JSON, encodeModel, type ModelParams } from './format.js';
import { modelMessages as m } from './messages.js';

/** The largest model.json and model.bin read (a header is a few hundred bytes; 2 GiB is 500 million float32 weights). */
export const MAX_HEADER_BYTES = 1024 ** 2;
export const MAX_WEIGHT_BYTES = 2 * 1024 ** 3;

/** Writes model.bin then model.json into runDir (created if needed), each through a temporary name. */
export function saveModel(runDir: string, model: ModelParams, meta: { hash: string }): void {
  const { json, bin } = encodeModel(model, meta);
  mkdirSync(runDir, { recursive: true });
  writeAtomically(join(runDir, MODEL_BIN), bin);
  writeAtomically(join(runDir, MODEL_JSON), json);
}

/** Reads and checks both files of runDir's saved model; throws ModelFileError saying what is wrong. */
export function readModel(runDir: string): ModelParams & { hash: string } {
  if (!statSync(runDir, { throwIfNoEntry: false })?.isDirectory()) throw new ModelFileError(m.noRunDir(runDir));
  const paths = { json: join(runDir, MODEL_JSON), bin: join(runDir, MODEL_BIN) };
  const jsonText = readOrExplain(runDir, paths.json, MODEL_JSON, MAX_HEADER_BYTES).toString('utf8');
  const bin = readOrExplain(runDir, paths.bin, MODEL_BIN, MAX_WEIGHT_BYTES);
  return decodeModel(jsonText, bin, paths);
}

/** The trained network saved in runDir (e.g. results/lr-comparison/runs/lr-0.5). */
export function loadModel(runDir: string): Mlp {
  const { activation, precision, layers } = readModel(runDir);
  return Mlp.fromParams({ activation, precision, layers });
}

function readOrExplain(dir: string, path: string, file: string, maxBytes: number): Buffer {
  try {
    return readRegularFile(path, maxBytes, `a ${file}`);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new ModelFileError(m.missingFile(dir, file));
    throw new ModelFileError(m.unreadable(path, error.reason));
  }
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
