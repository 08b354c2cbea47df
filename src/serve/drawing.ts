/**
 * A drawing read by a run's model, exactly as `predict` reads an image file: the same
 * decoder (src/predict/decode-image.ts), the same preparation (src/predict/preprocess.ts),
 * the same loader (src/model/files.ts). Models are kept loaded, and loaded again when a
 * run's folder is replaced or a model file in it is written over.
 */
import { join } from 'node:path';
import { sizeOf } from '../core/architecture.js';
import { loadModel } from '../model/files.js';
import { MODEL_BIN, MODEL_JSON } from '../model/format.js';
import { MODEL_SAFETENSORS } from '../model/safetensors.js';
import { decodeImage } from '../predict/decode-image.js';
import { ImageError } from '../predict/errors.js';
import { predictMessages } from '../predict/messages.js';
import { preprocessImage, SIDE } from '../predict/preprocess.js';
import { filesStamp } from './run-cache.js';

export interface Reading {
  predicted: number;
  probabilities: number[];
  /** The 28x28 image the model saw, row-major, 0 = background, 1 = ink. */
  seen: number[];
}

/** The largest drawing accepted (a 280x280 canvas as PNG is a few kilobytes). */
export const MAX_DRAWING_BYTES = 4 * 1024 ** 2;
/**
 * The most pixels a drawing may have. A few kilobytes of PNG can hold 40 megapixels of one
 * colour: decoded, they held the server (which answers one request at a time) for seconds
 * and took a gigabyte; a drawing of this size decodes in a moment.
 */
export const MAX_DRAWING_PIXELS = 2000 * 2000;

const NAME = 'the drawing';
const loaded = new Map<string, { model: ReturnType<typeof loadModel>; stamp: string }>();
/** The files a model may be read from (loadModel's choice between them follows what exists). */
const MODEL_FILES = [MODEL_SAFETENSORS, MODEL_JSON, MODEL_BIN];

/** Reads a PNG or JPEG with the model of the run in `runDir`; throws the predict command's errors (ImageError, ModelFileError). */
export function readDrawing(runDir: string, bytes: Uint8Array): Reading {
  const model = modelOf(runDir);
  const inputs = sizeOf(model.architecture.input);
  if (inputs !== SIDE * SIDE) throw new ImageError(predictMessages.wrongInputs(runDir, inputs));
  const x = preprocessImage(decodeImage(bytes, NAME, MAX_DRAWING_PIXELS), NAME);
  const probabilities = Array.from(model.probabilities(x, 1));
  if (!probabilities.every(Number.isFinite)) throw new ImageError(predictMessages.notFinite(runDir));
  return { predicted: probabilities.indexOf(Math.max(...probabilities)), probabilities, seen: Array.from(x) };
}

function modelOf(runDir: string): ReturnType<typeof loadModel> {
  // the folder's time tells it was replaced; each file's inode, size and change time that it was written over in place
  const stamp = filesStamp([runDir, ...MODEL_FILES.map((name) => join(runDir, name))]);
  const cached = loaded.get(runDir);
  if (cached && cached.stamp === stamp) return cached.model;
  const model = loadModel(runDir);
  loaded.set(runDir, { model, stamp });
  return model;
}
