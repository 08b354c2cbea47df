/**
 * model.safetensors: the standard layout byte by byte, read back by an independent reader
 * (Python's safetensors where installed, else a few lines of json/struct/numpy), and every
 * malformed file refused with one line naming it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYER_TYPES } from '../../src/core/layers/registry.js';
import { ModelFileError } from '../../src/model/errors.js';
import { readModel, saveModel } from '../../src/model/files.js';
import { formatProblems as p, modelMessages as m } from '../../src/model/messages.js';
import { decodeSafetensors, encodeSafetensors, MAX_MODEL_MEMORY, MAX_SAFETENSORS_HEADER, MODEL_SAFETENSORS } from '../../src/model/safetensors.js';
import { architectureFromJson } from '../../src/model/architecture-json.js';
import { memoryEstimate } from '../../src/spec/budget.js';
import type { Architecture } from '../../src/core/architecture.js';
import { sha256 } from '../../src/model/format.js';
import { scratchDir } from '../helpers/folders.js';
import { EVERY_LAYER, PYTHON, pythonHas, randomModel } from './random-model.js';
import { tinySaved } from './tiny-network.js';

const PATH = 'run/model.safetensors';
const headerLength = (bytes: Buffer) => Number(bytes.readBigUInt64LE(0));
const headerOf = (bytes: Buffer) => JSON.parse(bytes.subarray(8, 8 + headerLength(bytes)).toString('utf8'));

/** The same file with its header edited (and padded again), its data as it was unless given. */
function withHeader(bytes: Buffer, edit: (header: Record<string, any>) => void, data = bytes.subarray(8 + headerLength(bytes))): Buffer {
  const header = headerOf(bytes);
  edit(header);
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([length, Buffer.from(text), data]);
}

describe('model.safetensors as written', () => {
  const bytes = encodeSafetensors(tinySaved('float32', 'relu', 'abc123'));

  it('is the same bytes for the same model every time', () => {
    expect(encodeSafetensors(tinySaved('float32', 'relu', 'abc123')).equals(bytes)).toBe(true);
  });

  it('starts with the header length, little-endian, and pads the header with spaces to a multiple of 8', () => {
    const n = headerLength(bytes);
    expect(n % 8).toBe(0);
    const text = bytes.subarray(8, 8 + n).toString('utf8');
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(text.length - text.trimEnd().length).toBeLessThan(8);
  });

  it('names format, version, architecture, precision, run hash and the data\'s sha256 in its metadata, all strings', () => {
    const header = headerOf(bytes);
    const data = bytes.subarray(8 + headerLength(bytes));
    expect(header.__metadata__).toEqual({
      format: 'run-experiments-model',
      version: '2',
      architecture: JSON.stringify(tinySaved().architecture),
      precision: 'float32',
      hash: 'abc123',
      data_sha256: sha256(data),
    });
  });

  it('lists every tensor with dtype, shape and offsets, back to back, in the architecture\'s order', () => {
    const { __metadata__, ...tensors } = headerOf(bytes);
    expect(tensors).toEqual({
      'layers.0.W': { dtype: 'F32', shape: [784, 5], data_offsets: [0, 784 * 5 * 4] },
      'layers.0.b': { dtype: 'F32', shape: [5], data_offsets: [784 * 5 * 4, 785 * 5 * 4] },
      'layers.2.W': { dtype: 'F32', shape: [5, 10], data_offsets: [785 * 5 * 4, 785 * 5 * 4 + 200] },
      'layers.2.b': { dtype: 'F32', shape: [10], data_offsets: [785 * 5 * 4 + 200, 785 * 5 * 4 + 240] },
    });
    expect(bytes.length).toBe(8 + headerLength(bytes) + 785 * 5 * 4 + 240);
  });

  it('stores a float64 model as F64', () => {
    const header = headerOf(encodeSafetensors(tinySaved('float64')));
    expect(header['layers.0.W'].dtype).toBe('F64');
    expect(header['layers.2.b'].data_offsets).toEqual([785 * 5 * 8 + 400, 785 * 5 * 8 + 480]);
  });

  for (const precision of ['float32', 'float64'] as const) {
    it(`reads back exactly the ${precision} tensors of a network of every layer type`, () => {
      const model = randomModel(EVERY_LAYER, precision, 7);
      const loaded = decodeSafetensors(encodeSafetensors(model), PATH);
      expect(loaded.architecture).toEqual(model.architecture);
      expect(loaded.precision).toBe(precision);
      expect(loaded.hash).toBe(model.hash);
      expect(loaded.tensors.map((t) => t.name)).toEqual(model.tensors.map((t) => t.name));
      loaded.tensors.forEach((t, i) => {
        expect(t.data).toBeInstanceOf(precision === 'float32' ? Float32Array : Float64Array);
        expect(t.shape).toEqual(model.tensors[i].shape);
        expect(Buffer.from(t.data.buffer).equals(Buffer.from(model.tensors[i].data.buffer)), t.name).toBe(true);
      });
    });
  }

  it('is read in its architecture\'s order whatever the order of the header (Python\'s writer sorts names)', () => {
    const bytes = encodeSafetensors(randomModel(EVERY_LAYER));
    const sorted = withHeader(bytes, (h) => {
      const entries = Object.entries(h).sort(([a], [b]) => (a < b ? -1 : 1));
      for (const key of Object.keys(h)) delete h[key];
      for (const [key, value] of entries) h[key] = value;
    });
    expect(decodeSafetensors(sorted, PATH).tensors.map((t) => t.name)).toEqual(randomModel(EVERY_LAYER).tensors.map((t) => t.name));
  });
});

describe('model.safetensors read by an independent reader', () => {
  const python = pythonHas('numpy');
  const library = python && pythonHas('safetensors');
  const dir = scratchDir('safetensors-python');

  // The format from its specification, in numpy: no code shared with src/model.
  const READER = `
import json, struct, sys, numpy as np
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
assert n % 8 == 0, 'header not padded to 8'
header = json.loads(raw[8:8 + n].decode('utf-8'))
meta = header.pop('__metadata__')
assert all(isinstance(v, str) for v in meta.values())
data = raw[8 + n:]
out = {}
end = 0
for name, t in sorted(header.items(), key=lambda kv: kv[1]['data_offsets'][0]):
    b, e = t['data_offsets']
    assert b == end, 'gap or overlap'
    end = e
    a = np.frombuffer(data[b:e], dtype={'F32': '<f4', 'F64': '<f8'}[t['dtype']]).reshape(t['shape'])
    out[name] = {'shape': list(a.shape), 'values': [float(v) for v in a.ravel()]}
assert end == len(data)
if len(sys.argv) > 2:
    from safetensors.numpy import load_file
    for name, a in load_file(sys.argv[1]).items():
        assert np.array_equal(a.ravel(), np.array(out[name]['values'], dtype=a.dtype)), name
print(json.dumps({'metadata': meta, 'tensors': out}))
`;

  const why = python ? '' : ` (skipped: ${PYTHON} with numpy is not installed: apt-get install python3-numpy)`;
  it.skipIf(!python)(`gives back every tensor and the metadata${library ? ' (and so does Python\'s safetensors)' : ' (Python\'s safetensors is not installed here; numpy reads it)'}${why}`, () => {
    for (const precision of ['float32', 'float64'] as const) {
      const model = randomModel(EVERY_LAYER, precision, 3, 'h42');
      saveModel(join(dir, precision), model);
      const args = ['-c', READER, join(dir, precision, MODEL_SAFETENSORS), ...(library ? ['--library'] : [])];
      const result = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
      expect(result.status, result.stderr).toBe(0);
      const read = JSON.parse(result.stdout) as { metadata: Record<string, string>; tensors: Record<string, { shape: number[]; values: number[] }> };
      expect(JSON.parse(read.metadata.architecture)).toEqual(EVERY_LAYER);
      expect([read.metadata.precision, read.metadata.hash]).toEqual([precision, 'h42']);
      for (const t of model.tensors) {
        expect(read.tensors[t.name].shape, t.name).toEqual(t.shape);
        expect(read.tensors[t.name].values, t.name).toEqual(Array.from(t.data));
      }
    }
  });
});

describe('a malformed model.safetensors', () => {
  const good = encodeSafetensors(tinySaved());
  const dataLength = good.length - 8 - headerLength(good);
  const refuses = (bytes: Buffer, reason: string) => {
    const read = () => decodeSafetensors(bytes, PATH);
    expect(read).toThrow(ModelFileError);
    expect(read).toThrow(m.safetensors(PATH, reason));
  };

  it('shorter than its header length', () => refuses(good.subarray(0, 5), p.tooShort(5)));

  it('whose header length runs past the end of the file', () => {
    const bytes = Buffer.from(good);
    bytes.writeBigUInt64LE(BigInt(good.length));
    refuses(bytes, p.headerTooLong(BigInt(good.length), good.length - 8));
  });

  it('whose header length is absurd', () => {
    const bytes = Buffer.from(good);
    bytes.writeBigUInt64LE(2n ** 63n);
    refuses(bytes, p.headerOverLimit(2n ** 63n, MAX_SAFETENSORS_HEADER));
  });

  it('whose header is not JSON', () => {
    const bytes = Buffer.from(good);
    bytes[8] = 0x5b; // '[' where '{' was: no longer JSON
    expect(() => decodeSafetensors(bytes, PATH)).toThrow(/^run\/model\.safetensors is not a model run-experiments can read: its header is not UTF-8 JSON/);
  });

  it('with no metadata (another program\'s file)', () => refuses(withHeader(good, (h) => delete h.__metadata__), p.noMetadata));

  it('of another format version', () => refuses(withHeader(good, (h) => (h.__metadata__.version = '3')), p.version('3', '2')));

  it('with an unknown dtype', () => refuses(withHeader(good, (h) => (h['layers.0.b'].dtype = 'BF16')), p.unknownDtype('layers.0.b', 'BF16')));

  it('with a dtype its precision does not store', () => {
    refuses(withHeader(good, (h) => (h['layers.0.b'].dtype = 'F64')), p.dtypeNotPrecision('layers.0.b', 'F64', 'float32', 'F32'));
  });

  it('with offsets past the end of the data', () => {
    refuses(withHeader(good, (h) => (h['layers.2.b'].data_offsets = [dataLength - 36, dataLength + 4])), p.pastEnd('layers.2.b', dataLength + 4, dataLength));
  });

  it('with offsets that do not hold the shape', () => {
    refuses(withHeader(good, (h) => (h['layers.0.b'].shape = [6])), p.wrongSize('layers.0.b', [6], 24, 20));
  });

  it('with overlapping tensors', () => {
    refuses(withHeader(good, (h) => (h['layers.0.b'].data_offsets = [0, 20])), p.overlap('layers.0.W', 0, 784 * 5 * 4));
  });

  it('with bytes that belong to no tensor', () => {
    refuses(withHeader(good, (h) => delete h['layers.0.b']), p.gap(784 * 5 * 4, 785 * 5 * 4));
  });

  it('with bytes after the last tensor', () => {
    refuses(Buffer.concat([good, Buffer.alloc(4)]), p.trailing(dataLength + 4, dataLength));
  });

  it('whose tensors are not its architecture\'s', () => {
    refuses(
      withHeader(good, (h) => (h.__metadata__.architecture = JSON.stringify({ ...tinySaved().architecture, layers: [{ type: 'affine', outputs: 6 }, { type: 'relu' }, { type: 'affine', outputs: 10 }] }))),
      p.tensorShape('layers.0.W', [784, 5], [784, 6]),
    );
  });

  it('with a layer type run-experiments does not have', () => {
    const architecture = { ...tinySaved().architecture, layers: [{ type: 'attention' }] };
    refuses(withHeader(good, (h) => (h.__metadata__.architecture = JSON.stringify(architecture))), p.architecture(p.layerType(0, LAYER_TYPES, 'attention')));
  });

  it('whose architecture is valid but would need more memory than a model may, before anything is allocated', () => {
    // a 1x1 convolution padded by 30,000: 3.6e9 numbers per image (a forged file; predict used to die allocating them)
    const architecture = { ...tinySaved().architecture, layers: [{ type: 'conv', filters: 1, size: 1, stride: 1, pad: 30000 }, { type: 'pool', size: 60028, stride: 60028 }, { type: 'affine', outputs: 10 }] };
    const { parameters, activations } = memoryEstimate(architectureFromJson(architecture) as Architecture, { precision: 'float32', batch_size: 1, optimizer: 'sgd' });
    expect(parameters + activations).toBeGreaterThan(1e13);
    refuses(withHeader(good, (h) => (h.__metadata__.architecture = JSON.stringify(architecture))), p.tooLarge(parameters + activations, MAX_MODEL_MEMORY));
    // a dense layer of 2^19 units: 411 million weights, past the bound by the spec's estimate
    const wide = { ...tinySaved().architecture, layers: [{ type: 'affine', outputs: 2 ** 19 }, { type: 'relu' }, { type: 'affine', outputs: 10 }] };
    const wideMemory = memoryEstimate(architectureFromJson(wide) as Architecture, { precision: 'float32', batch_size: 1, optimizer: 'sgd' });
    expect(wideMemory.parameters + wideMemory.activations).toBeGreaterThan(MAX_MODEL_MEMORY);
    refuses(withHeader(good, (h) => (h.__metadata__.architecture = JSON.stringify(wide))), p.tooLarge(wideMemory.parameters + wideMemory.activations, MAX_MODEL_MEMORY));
    // the seed's network is far within it
    const seed = memoryEstimate(tinySaved().architecture, { precision: 'float64', batch_size: 1, optimizer: 'sgd' });
    expect(seed.parameters + seed.activations).toBeLessThan(MAX_MODEL_MEMORY / 100);
  });

  it('whose data changed (its sha256 no longer matches)', () => {
    const bytes = Buffer.from(good);
    bytes[bytes.length - 1] ^= 1;
    const header = headerOf(good).__metadata__.data_sha256 as string;
    expect(() => decodeSafetensors(bytes, PATH)).toThrow(m.safetensorsChecksum(PATH, header, sha256(bytes.subarray(8 + headerLength(good)))));
  });

  it('whose weights are not finite, naming the tensor and the place', () => {
    const model = tinySaved();
    model.tensors[2].data[7] = Number.NaN;
    expect(() => decodeSafetensors(encodeSafetensors(model), PATH)).toThrow(m.notFinite(PATH, 'layers.2.W', 7, Number.NaN));
  });

  it('named by its full path when read from a run folder', () => {
    const dir = scratchDir('safetensors-bad');
    writeFileSync(join(dir, MODEL_SAFETENSORS), good.subarray(0, 5));
    expect(() => readModel(dir)).toThrow(m.safetensors(join(dir, MODEL_SAFETENSORS), p.tooShort(5)));
  });
});
