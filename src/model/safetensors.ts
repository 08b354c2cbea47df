/**
 * model.safetensors: how every completed run saves its network (Hugging Face's safetensors
 * format, https://github.com/huggingface/safetensors, read by its Python library or by
 * a few lines of numpy):
 *
 *   8 bytes     N, the header's length, unsigned little-endian
 *   N bytes     the header, UTF-8 JSON, padded with spaces to a multiple of 8:
 *     {
 *       "__metadata__": {                     // strings only, as the format requires
 *         "format": "run-experiments-model",
 *         "version": "2",
 *         "architecture": "{\"input\":{...},\"layers\":[...]}",   // core/architecture.ts, as JSON
 *         "precision": "float32",             // or "float64": the run's precision
 *         "hash": "45f6d92d788a",             // the run's config hash
 *         "data_sha256": "…"                  // sha256 of every byte after the header
 *       },
 *       "layers.0.W": { "dtype": "F32", "shape": [784, 50], "data_offsets": [0, 156800] },
 *       "layers.0.b": { "dtype": "F32", "shape": [50], "data_offsets": [156800, 157000] },
 *       ...                                   // every tensor of the architecture, in its order
 *     }
 *   the data   each tensor's numbers, little-endian, F32 for a float32 run and F64 for a
 *              float64 run, row-major, one after the other with no gaps; offsets count from
 *              the first byte after the header.
 *
 * Tensor names and layouts are the architecture's (layers/registry.ts): affine W is
 * inputs x outputs, conv W filters x channels x size x size; batchnorm keeps gamma, beta,
 * running_mean and running_var. A file cannot hash itself, so `data_sha256` covers the
 * data and the reader checks the header's structure. Encoding is deterministic: the same
 * model gives the same bytes.
 */
import { architectureFromJson } from './architecture-json.js';
import { ModelFileError } from './errors.js';
import { sha256 } from './format.js';
import { formatProblems as p, modelMessages as m } from './messages.js';
import { fromLittleEndian, toLittleEndian } from './little-endian.js';
import { elements, tensorsProblem, type SavedModel, type SavedTensor } from './saved-model.js';
import { architectureTensors } from '../core/layers/registry.js';
import { memoryEstimate } from '../spec/budget.js';

export const MODEL_SAFETENSORS = 'model.safetensors';
export const SAFETENSORS_FORMAT = 'run-experiments-model';
export const SAFETENSORS_VERSION = '2';
/** The largest header read: a model's is a few KiB; safetensors' own limit is 100 MB. */
export const MAX_SAFETENSORS_HEADER = 1024 ** 2;
/** The most memory a model's network may need, by the spec's estimate (spec/budget.ts): what float32 runs share at most. */
export const MAX_MODEL_MEMORY = 4 * 1024 ** 3;

type Dtype = 'F32' | 'F64';
const BYTES: Record<Dtype, number> = { F32: 4, F64: 8 };

interface HeaderEntry {
  dtype: Dtype;
  shape: number[];
  data_offsets: [number, number];
}

/** The bytes of model.safetensors for this model. */
export function encodeSafetensors(model: SavedModel): Buffer {
  const problem = tensorsProblem(model.architecture, model.tensors.map((t) => ({ ...t, length: t.data.length })));
  if (problem) throw new Error(`encodeSafetensors: ${problem}`);
  const dtype: Dtype = model.precision === 'float64' ? 'F64' : 'F32';
  const size = BYTES[dtype];
  const data = Buffer.alloc(model.tensors.reduce((sum, t) => sum + t.data.length * size, 0));
  const entries: Record<string, HeaderEntry> = {};
  let offset = 0;
  for (const { name, shape, data: values } of model.tensors) {
    entries[name] = { dtype, shape, data_offsets: [offset, offset + values.length * size] };
    data.set(toLittleEndian(values, model.precision), offset);
    offset += values.length * size;
  }
  const metadata = {
    format: SAFETENSORS_FORMAT,
    version: SAFETENSORS_VERSION,
    architecture: JSON.stringify(model.architecture),
    precision: model.precision,
    hash: model.hash,
    data_sha256: sha256(data),
  };
  let header = JSON.stringify({ __metadata__: metadata, ...entries });
  header += ' '.repeat((8 - (Buffer.byteLength(header) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(header)));
  return Buffer.concat([length, Buffer.from(header, 'utf8'), data]);
}

/** The header of a model.safetensors, checked: the model it describes, and where its data starts. */
export interface SafetensorsHeader {
  architecture: SavedModel['architecture'];
  precision: SavedModel['precision'];
  hash: string;
  dataSha256: string;
  /** In the architecture's order. */
  tensors: { name: string; shape: number[]; dtype: Dtype; begin: number; end: number }[];
  dataStart: number;
}

/**
 * Checks everything in `bytes` but the data's numbers and checksum: the header's length,
 * JSON and metadata, each tensor's dtype, shape and offsets (in range, no overlap, no gap,
 * nothing after the last), and that the tensors are the architecture's. Throws ModelFileError naming `path`.
 */
export function readSafetensorsHeader(bytes: Uint8Array, path: string): SafetensorsHeader {
  const fail = (reason: string): never => {
    throw new ModelFileError(m.safetensors(path, reason));
  };
  if (bytes.length < 8) fail(p.tooShort(bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_SAFETENSORS_HEADER)) fail(p.headerOverLimit(declared, MAX_SAFETENSORS_HEADER));
  if (declared > BigInt(bytes.length - 8)) fail(p.headerTooLong(declared, bytes.length - 8));
  const dataStart = 8 + Number(declared);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    return fail(p.headerNotJson((error as Error).message));
  }
  if (!isObject(raw)) return fail(p.headerNotObject);
  const metadata = raw.__metadata__;
  if (!isObject(metadata)) return fail(p.noMetadata);
  if (metadata.format !== SAFETENSORS_FORMAT) fail(p.metadata('format', `"${SAFETENSORS_FORMAT}"`, metadata.format));
  if (metadata.version !== SAFETENSORS_VERSION) fail(p.version(metadata.version, SAFETENSORS_VERSION));
  const precision = metadata.precision;
  if (precision !== 'float32' && precision !== 'float64') return fail(p.metadata('precision', '"float32" or "float64"', precision));
  if (typeof metadata.hash !== 'string') return fail(p.metadata('hash', 'a string', metadata.hash));
  const dataSha256 = metadata.data_sha256;
  if (typeof dataSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(dataSha256)) return fail(p.metadata('data_sha256', '64 hex digits', dataSha256));
  let architectureJson: unknown;
  try {
    architectureJson = JSON.parse(String(metadata.architecture));
  } catch {
    return fail(p.metadata('architecture', 'an architecture as JSON', metadata.architecture));
  }
  const architecture = architectureFromJson(architectureJson);
  if ('problem' in architecture) return fail(p.architecture(architecture.problem));
  // a forged architecture can be valid and still need terabytes to compute with
  const { parameters, activations } = memoryEstimate(architecture, { precision, batch_size: 1, optimizer: 'sgd' });
  if (parameters + activations > MAX_MODEL_MEMORY) return fail(p.tooLarge(parameters + activations, MAX_MODEL_MEMORY));

  const dataLength = bytes.length - dataStart;
  const wanted: Dtype = precision === 'float64' ? 'F64' : 'F32';
  const tensors: SafetensorsHeader['tensors'] = [];
  for (const [name, entry] of Object.entries(raw)) {
    if (name === '__metadata__') continue;
    if (!isObject(entry)) return fail(p.entry(name, entry));
    const { dtype, shape, data_offsets: offsets } = entry;
    if (dtype !== 'F32' && dtype !== 'F64') return fail(p.unknownDtype(name, dtype));
    if (dtype !== wanted) fail(p.dtypeNotPrecision(name, dtype, precision, wanted));
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return fail(p.shape(name, shape));
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      return fail(p.offsets(name, offsets));
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) fail(p.pastEnd(name, end, dataLength));
    const needed = elements(shape) * BYTES[dtype];
    if (end - begin !== needed) fail(p.wrongSize(name, shape, needed, end - begin));
    tensors.push({ name, shape, dtype, begin, end });
  }
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const t of byOffset) {
    if (t.begin < covered) fail(p.overlap(t.name, t.begin, t.end));
    if (t.begin > covered) fail(p.gap(covered, t.begin));
    covered = t.end;
  }
  if (covered !== dataLength) fail(p.trailing(dataLength, covered));

  const byName = new Map(tensors.map((t) => [t.name, t]));
  const expected = architectureTensors(architecture);
  const ordered = expected.map((e) => byName.get(e.name)).filter((t) => t !== undefined);
  const extra = tensors.filter((t) => !expected.some((e) => e.name === t.name));
  const problem = tensorsProblem(architecture, [...ordered, ...extra].map((t) => ({ ...t, length: elements(t.shape) })));
  if (problem) fail(problem);
  return { architecture, precision, hash: metadata.hash, dataSha256, tensors: ordered, dataStart };
}

/** The model in a model.safetensors' bytes, every check passed (header, checksum, finite numbers). */
export function decodeSafetensors(bytes: Uint8Array, path: string): SavedModel {
  const header = readSafetensorsHeader(bytes, path);
  const data = bytes.subarray(header.dataStart);
  const digest = sha256(data);
  if (digest !== header.dataSha256) throw new ModelFileError(m.safetensorsChecksum(path, header.dataSha256, digest));
  const tensors: SavedTensor[] = header.tensors.map(({ name, shape, dtype, begin, end }) => {
    const values = fromLittleEndian(data.subarray(begin, end), dtype === 'F64' ? 'float64' : 'float32');
    const at = values.findIndex((v) => !Number.isFinite(v));
    if (at >= 0) throw new ModelFileError(m.notFinite(path, name, at, values[at]));
    return { name, shape, data: values };
  });
  return { architecture: header.architecture, precision: header.precision, tensors, hash: header.hash };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
