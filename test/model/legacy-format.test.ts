import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeModel, parseHeader } from '../../src/model/decode.js';
import { ModelFileError } from '../../src/model/errors.js';
import { readModel, saveModel } from '../../src/model/files.js';
import { encodeModel, MODEL_BIN, MODEL_JSON, sha256 } from '../../src/model/format.js';
import { modelMessages as m } from '../../src/model/messages.js';
import { scratchDir } from '../helpers/folders.js';
import { saveLegacyModel, tinyModel, tinySaved } from './tiny-network.js';

const paths = { json: 'run/model.json', bin: 'run/model.bin' };

/** The format of versions before model.safetensors: such run folders still load. */
describe('the old saved-model format (model.json + model.bin)', () => {
  it('encodes the same parameters to the same bytes every time', () => {
    const a = encodeModel(tinyModel(), { hash: 'abc123' });
    const b = encodeModel(tinyModel(), { hash: 'abc123' });
    expect(a.json).toBe(b.json);
    expect(Buffer.compare(a.bin, b.bin)).toBe(0);
  });

  it('writes a header naming the format, version, shapes, dtype, length, run hash and checksum', () => {
    const { json, bin } = encodeModel(tinyModel(), { hash: 'abc123' });
    expect(JSON.parse(json)).toEqual({
      format: 'run-experiments-model',
      version: 1,
      activation: 'relu',
      precision: 'float32',
      dtype: 'float32le',
      layers: [
        { inputs: 784, outputs: 5 },
        { inputs: 5, outputs: 10 },
      ],
      byteLength: (784 * 5 + 5 + 5 * 10 + 10) * 4,
      hash: 'abc123',
      sha256: sha256(bin),
    });
  });

  it('stores W1, b1, W2, b2 in order as little-endian numbers', () => {
    const model = tinyModel();
    const { bin } = encodeModel(model, { hash: 'h' });
    expect(bin.readFloatLE(0)).toBe(model.layers[0].W[0]);
    expect(bin.readFloatLE(784 * 5 * 4)).toBe(model.layers[0].b[0]);
    expect(bin.readFloatLE((784 * 5 + 5) * 4)).toBe(model.layers[1].W[0]);
    expect(bin.readFloatLE(bin.length - 4)).toBe(model.layers[1].b[9]);
  });

  for (const precision of ['float32', 'float64'] as const) {
    it(`reads back exactly what it wrote for a ${precision} model`, () => {
      const model = tinyModel(precision, 'sigmoid');
      const { json, bin } = encodeModel(model, { hash: 'h1' });
      const loaded = decodeModel(json, bin, paths);
      expect(loaded.activation).toBe('sigmoid');
      expect(loaded.precision).toBe(precision);
      expect(loaded.hash).toBe('h1');
      loaded.layers.forEach((layer, l) => {
        expect(layer.W).toBeInstanceOf(precision === 'float32' ? Float32Array : Float64Array);
        expect(Array.from(layer.W)).toEqual(Array.from(model.layers[l].W));
        expect(Array.from(layer.b)).toEqual(Array.from(model.layers[l].b));
      });
    });
  }

  it('stores a float64 model as 8-byte numbers and says so', () => {
    const { json, bin } = encodeModel(tinyModel('float64'), { hash: 'h' });
    expect(JSON.parse(json).dtype).toBe('float64le');
    expect(bin.length).toBe((784 * 5 + 5 + 5 * 10 + 10) * 8);
  });

  it('refuses to encode a layer whose arrays do not match its shape', () => {
    const model = tinyModel();
    model.layers[1].b = new Float32Array(3);
    expect(() => encodeModel(model, { hash: 'h' })).toThrow(/layer 2 should have W of 5x10 and b of 10/);
  });
});

describe('loading a damaged or foreign model', () => {
  const good = encodeModel(tinyModel(), { hash: 'h' });
  const header = () => JSON.parse(good.json) as Record<string, unknown>;
  const load = (json: unknown, bin: Uint8Array = good.bin) =>
    () => decodeModel(typeof json === 'string' ? json : JSON.stringify(json), bin, paths);

  it('says a truncated model.bin is damaged, with the expected and found sizes', () => {
    const truncated = good.bin.subarray(0, good.bin.length - 7);
    expect(load(good.json, truncated)).toThrow(m.truncated(paths.bin, good.bin.length, truncated.length));
  });

  it('says a model.bin whose bytes changed fails its checksum', () => {
    const changed = Buffer.from(good.bin);
    changed[100] ^= 0xff;
    expect(load(good.json, changed)).toThrow(m.checksum(paths.bin, header().sha256 as string, sha256(changed)));
  });

  it('says which layers do not fit together', () => {
    const h = { ...header(), layers: [{ inputs: 784, outputs: 5 }, { inputs: 6, outputs: 10 }] };
    expect(load(h)).toThrow(m.chain(paths.json, 0, 5, 6));
  });

  it('says when the declared length does not match the layer shapes', () => {
    expect(load({ ...header(), byteLength: 12 })).toThrow(m.byteLength(paths.json, 12, good.bin.length));
  });

  it('says a layer shape that is not two positive integers is wrong', () => {
    const h = { ...header(), layers: [{ inputs: 784, outputs: -5 }] };
    expect(load(h)).toThrow(m.field(paths.json, 'layers[0]', '{ "inputs": N, "outputs": M } with positive integers', h.layers[0]));
  });

  it('names the version it reads when the file has another', () => {
    expect(load({ ...header(), version: 2 })).toThrow(m.version(paths.json, 2, 1));
  });

  it('says a JSON file of another kind is not a run-experiments model', () => {
    expect(load({ name: 'my-package', version: '1.0.0' })).toThrow(m.foreign(paths.json, undefined));
    expect(load([1, 2, 3])).toThrow(m.foreign(paths.json, [1, 2, 3]));
  });

  it('says a model.json that is not JSON is not JSON', () => {
    expect(load('{ "format": ')).toThrow(/^run\/model\.json is not JSON: /);
  });

  it('says a dtype that does not match the precision is wrong', () => {
    expect(load({ ...header(), dtype: 'float64le' })).toThrow(
      m.field(paths.json, 'dtype', '"float32le" for a float32 model', 'float64le'),
    );
  });

  it('throws errors the command line prints without a stack trace', () => {
    expect(() => parseHeader('null', paths.json)).toThrow(ModelFileError);
  });
});

describe('an old run folder with model.json and model.bin', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('model');
  });

  it('reads back as the architecture of the seed\'s shorthand, W1, b1, W2, b2 as layers.0.W, layers.0.b, layers.2.W, layers.2.b', () => {
    const model = tinyModel('float64', 'sigmoid');
    saveLegacyModel(dir, model, 'run-hash');
    const saved = readModel(dir);
    expect(saved.hash).toBe('run-hash');
    expect(saved.precision).toBe('float64');
    expect(saved.architecture).toEqual({
      input: { channels: 1, height: 28, width: 28 },
      layers: [{ type: 'affine', outputs: 5 }, { type: 'sigmoid' }, { type: 'affine', outputs: 10 }],
    });
    expect(saved.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['layers.0.W', [784, 5]], ['layers.0.b', [5]], ['layers.2.W', [5, 10]], ['layers.2.b', [10]],
    ]);
    expect(Array.from(saved.tensors[2].data)).toEqual(Array.from(model.layers[1].W));
  });

  it('is read from model.safetensors when a folder has both', () => {
    saveLegacyModel(dir, tinyModel(), 'old');
    saveModel(dir, tinySaved('float32', 'relu', 'new'));
    expect(readModel(dir).hash).toBe('new');
  });

  it('is reported missing, naming both formats, when a run folder has no model', () => {
    expect(() => readModel(dir)).toThrow(m.noModel(dir));
  });

  it('is reported missing when model.bin is gone', () => {
    writeFileSync(join(dir, MODEL_JSON), encodeModel(tinyModel(), { hash: 'h' }).json);
    expect(() => readModel(dir)).toThrow(m.missingFile(dir, MODEL_BIN));
  });

  it('is looked for only in a folder that exists', () => {
    expect(() => readModel(join(dir, 'nope'))).toThrow(m.noRunDir(join(dir, 'nope')));
  });
});
