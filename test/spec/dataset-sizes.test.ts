import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetSizes } from '../../src/spec/dataset-sizes.js';
import { messages } from '../../src/spec/messages.js';
import { cli, tempFolder, yaml } from './fake-io.js';

/** An IDX1 label file's header and `count` zero labels. */
function labels(count: number, magic = 0x00000801): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(count, 4);
  return Buffer.concat([header, Buffer.alloc(count)]);
}

let folder: ReturnType<typeof tempFolder> | undefined;
afterEach(() => folder?.remove());

describe('datasetSizes', () => {
  it('reads each split\'s image count from the label files\' headers', () => {
    folder = tempFolder({});
    writeFileSync(join(folder.dir, 'train-labels-idx1-ubyte'), labels(300));
    writeFileSync(join(folder.dir, 't10k-labels-idx1-ubyte'), labels(70));
    expect(datasetSizes(folder.dir)).toEqual({ ok: true, sizes: { train: 300, test: 70 } });
  });

  it('reads gzipped label files, inflating only their start', () => {
    folder = tempFolder({});
    writeFileSync(join(folder.dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels(50_000)));
    writeFileSync(join(folder.dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels(9)));
    expect(datasetSizes(folder.dir)).toEqual({ ok: true, sizes: { train: 50_000, test: 9 } });
  });

  it('says which folder or file is missing, and which file is not an IDX label file', () => {
    folder = tempFolder({});
    expect(datasetSizes(join(folder.dir, 'none'))).toEqual({ ok: false, reason: 'no-folder', dir: join(folder.dir, 'none') });
    writeFileSync(join(folder.dir, 'train-labels-idx1-ubyte'), labels(10));
    expect(datasetSizes(folder.dir)).toMatchObject({ ok: false, reason: 'no-file', name: 't10k-labels-idx1-ubyte' });
    writeFileSync(join(folder.dir, 't10k-labels-idx1-ubyte'), labels(10));
    writeFileSync(join(folder.dir, 'train-labels-idx1-ubyte'), labels(10, 0x00000803));
    expect(datasetSizes(folder.dir)).toMatchObject({ ok: false, reason: 'bad-file', file: join(folder.dir, 'train-labels-idx1-ubyte') });
  });
});

describe('a spec with data.path', () => {
  it('checks slices against the folder\'s sizes, resolving the path against the spec\'s folder', async () => {
    folder = tempFolder({
      'spec.yaml': yaml('name: x', 'data:', '  path: ./idx', '  train: { split: train, end: 200 }', 'training: { batch_size: 10 }'),
    });
    mkdirSync(join(folder.dir, 'idx'));
    writeFileSync(join(folder.dir, 'idx', 'train-labels-idx1-ubyte'), labels(100));
    writeFileSync(join(folder.dir, 'idx', 't10k-labels-idx1-ubyte'), labels(20));
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:4:31: ${messages.sliceOutOfBounds('data.train.end', 'train', 100, 200)}`,
    );
  });

  it('reports a missing label file at the path value', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { path: . }') });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:2:15: ${messages.datasetFileMissing(folder.dir, 'train-labels-idx1-ubyte')}`,
    );
  });

  it('refuses both dataset and path', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data:', '  dataset: mnist', '  path: .') });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.stderr.split('\n')[0]).toBe(`spec.yaml:4:3: ${messages.datasetAndPath()}`);
  });
});
