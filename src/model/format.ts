/**
 * The saved-model format of versions before model.safetensors (safetensors.ts): their
 * completed runs left two files in runs/<run>/, which still load (legacy.ts) and still
 * count as cached. New runs no longer write them.
 *
 *   model.json  the header, UTF-8 JSON, keys in this order:
 *     {
 *       "format": "run-experiments-model",   // always this name
 *       "version": 1,                        // bumped on any incompatible change
 *       "activation": "relu",                // or "sigmoid": the hidden layers' activation
 *       "precision": "float32",              // the run's precision
 *       "dtype": "float32le",                // how model.bin stores numbers: float32le or float64le
 *       "layers": [                          // dense layers, input to output
 *         { "inputs": 784, "outputs": 50 },
 *         { "inputs": 50, "outputs": 10 }    // the last layer's outputs: the number of classes
 *       ],
 *       "byteLength": 159040,                // size of model.bin
 *       "hash": "3f2a9c1e",                  // the run's config hash (PlannedRun.hash)
 *       "sha256": "…"                        // sha256 of model.bin, lowercase hex
 *     }
 *
 *   model.bin   the parameters, little-endian, float32 for a float32 run and float64 for a
 *               float64 run, with no padding, in the order W1, b1, W2, b2, ...; each W is
 *               row-major inputs x outputs (W[i * outputs + j] joins input i to output j),
 *               each b has `outputs` numbers. Softmax follows the last layer.
 *
 * Encoding is pure and deterministic: the same parameters give the same bytes.
 */
import { createHash } from 'node:crypto';

export const MODEL_FORMAT = 'run-experiments-model';
export const MODEL_VERSION = 1;
export const MODEL_JSON = 'model.json';
export const MODEL_BIN = 'model.bin';

export type ModelActivation = 'relu' | 'sigmoid';
export type ModelPrecision = 'float32' | 'float64';
export type ModelDtype = 'float32le' | 'float64le';

/** One dense layer's parameters; W is row-major inputs x outputs. */
export interface LayerParams {
  W: Float32Array | Float64Array;
  b: Float32Array | Float64Array;
  inputs: number;
  outputs: number;
}

/** What a model is made of: the fields of the core's `Mlp` that a saved model keeps. */
export interface ModelParams {
  activation: ModelActivation;
  precision: ModelPrecision;
  layers: LayerParams[];
}

export interface ModelHeader {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  activation: ModelActivation;
  precision: ModelPrecision;
  dtype: ModelDtype;
  layers: { inputs: number; outputs: number }[];
  byteLength: number;
  hash: string;
  sha256: string;
}

export function dtypeOf(precision: ModelPrecision): ModelDtype {
  return precision === 'float64' ? 'float64le' : 'float32le';
}

export function bytesPerNumber(dtype: ModelDtype): number {
  return dtype === 'float64le' ? 8 : 4;
}

/** Bytes model.bin needs for these layer shapes. */
export function byteLengthOf(layers: { inputs: number; outputs: number }[], dtype: ModelDtype): number {
  const numbers = layers.reduce((sum, l) => sum + l.inputs * l.outputs + l.outputs, 0);
  return numbers * bytesPerNumber(dtype);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The two files of a saved model, as text and bytes; the caller writes them. */
export function encodeModel(model: ModelParams, meta: { hash: string }): { json: string; bin: Buffer } {
  const dtype = dtypeOf(model.precision);
  const shapes = model.layers.map((layer, i) => {
    if (layer.W.length !== layer.inputs * layer.outputs || layer.b.length !== layer.outputs) {
      throw new Error(
        `encodeModel: layer ${i + 1} should have W of ${layer.inputs}x${layer.outputs} and b of ${layer.outputs}, ` +
          `got W of ${layer.W.length} and b of ${layer.b.length}`,
      );
    }
    return { inputs: layer.inputs, outputs: layer.outputs };
  });
  const bin = Buffer.alloc(byteLengthOf(shapes, dtype));
  const size = bytesPerNumber(dtype);
  let offset = 0;
  for (const layer of model.layers) {
    for (const values of [layer.W, layer.b]) {
      for (const v of values) {
        if (size === 8) bin.writeDoubleLE(v, offset);
        else bin.writeFloatLE(v, offset);
        offset += size;
      }
    }
  }
  const header: ModelHeader = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    activation: model.activation,
    precision: model.precision,
    dtype,
    layers: shapes,
    byteLength: bin.length,
    hash: meta.hash,
    sha256: sha256(bin),
  };
  return { json: `${JSON.stringify(header, null, 2)}\n`, bin };
}
