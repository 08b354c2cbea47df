/** Reading a saved model back (format: see format.ts): every check says what is wrong with the file. */
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  byteLengthOf,
  bytesPerNumber,
  dtypeOf,
  sha256,
  type ModelDtype,
  type ModelHeader,
  type ModelParams,
} from './format.js';
import { ModelFileError } from './errors.js';
import { modelMessages as m } from './messages.js';

/** Where the two files came from, for messages. */
export interface ModelPaths {
  json: string;
  bin: string;
}

/** Checks a model.json text and returns its header. */
export function parseHeader(text: string, path: string): ModelHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(m.notJson(path, (error as Error).message));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFileError(m.foreign(path, raw));
  const h = raw as Record<string, unknown>;
  if (h.format !== MODEL_FORMAT) throw new ModelFileError(m.foreign(path, h.format));
  if (h.version !== MODEL_VERSION) throw new ModelFileError(m.version(path, h.version, MODEL_VERSION));
  const field = (name: string, expected: string, ok: boolean) => {
    if (!ok) throw new ModelFileError(m.field(path, name, expected, h[name]));
  };
  field('activation', '"relu" or "sigmoid"', h.activation === 'relu' || h.activation === 'sigmoid');
  field('precision', '"float32" or "float64"', h.precision === 'float32' || h.precision === 'float64');
  const dtype = dtypeOf(h.precision as 'float32' | 'float64');
  field('dtype', `"${dtype}" for a ${String(h.precision)} model`, h.dtype === dtype);
  field('layers', 'a non-empty list', Array.isArray(h.layers) && h.layers.length > 0);
  const layers = (h.layers as unknown[]).map((layer, i) => {
    const l = (typeof layer === 'object' && layer !== null ? layer : {}) as Record<string, unknown>;
    const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
    if (!count(l.inputs) || !count(l.outputs)) {
      throw new ModelFileError(m.field(path, `layers[${i}]`, '{ "inputs": N, "outputs": M } with positive integers', layer));
    }
    return { inputs: l.inputs as number, outputs: l.outputs as number };
  });
  for (let i = 0; i + 1 < layers.length; i++) {
    if (layers[i].outputs !== layers[i + 1].inputs) {
      throw new ModelFileError(m.chain(path, i, layers[i].outputs, layers[i + 1].inputs));
    }
  }
  field('byteLength', 'a whole number', Number.isSafeInteger(h.byteLength));
  const needed = byteLengthOf(layers, dtype);
  if (h.byteLength !== needed) throw new ModelFileError(m.byteLength(path, h.byteLength as number, needed));
  field('hash', 'a string', typeof h.hash === 'string');
  field('sha256', '64 hex digits', typeof h.sha256 === 'string' && /^[0-9a-f]{64}$/.test(h.sha256));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    activation: h.activation as ModelHeader['activation'],
    precision: h.precision as ModelHeader['precision'],
    dtype,
    layers,
    byteLength: needed,
    hash: h.hash as string,
    sha256: h.sha256 as string,
  };
}

/** Checks both files and returns the parameters they hold (typed arrays of the model's precision). */
export function decodeModel(jsonText: string, bin: Uint8Array, paths: ModelPaths): ModelParams & { hash: string } {
  const header = parseHeader(jsonText, paths.json);
  if (bin.length !== header.byteLength) throw new ModelFileError(m.truncated(paths.bin, header.byteLength, bin.length));
  const digest = sha256(bin);
  if (digest !== header.sha256) throw new ModelFileError(m.checksum(paths.bin, header.sha256, digest));
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let offset = 0;
  const read = (count: number) => {
    const values = readNumbers(view, offset, count, header.dtype);
    offset += count * bytesPerNumber(header.dtype);
    return values;
  };
  const layers = header.layers.map(({ inputs, outputs }) => ({ W: read(inputs * outputs), b: read(outputs), inputs, outputs }));
  layers.forEach((layer, i) => {
    for (const [name, values] of [['W', layer.W], ['b', layer.b]] as const) {
      const at = values.findIndex((v) => !Number.isFinite(v));
      if (at >= 0) throw new ModelFileError(m.notFinite(paths.bin, `${name}${i + 1}`, at, values[at]));
    }
  });
  return { activation: header.activation, precision: header.precision, layers, hash: header.hash };
}

function readNumbers(view: DataView, offset: number, count: number, dtype: ModelDtype): Float32Array | Float64Array {
  if (dtype === 'float64le') {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + i * 8, true);
    return out;
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + i * 4, true);
  return out;
}
