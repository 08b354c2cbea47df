import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataMessages } from '../../src/core/data/messages.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { datasetSizes } from '../../src/spec/dataset-sizes.js';
import { specMessages } from '../../src/spec/messages.js';
import { gzip, idxImages, idxLabels, smallDataset } from '../fixtures/idx/make-idx.js';
import { cli, tempFolder, yaml } from './fake-io.js';

let folder: ReturnType<typeof tempFolder> | undefined;
afterEach(() => folder?.remove());

/** A folder of the four IDX files (the small dataset: 5 train and 3 test images), some replaced. */
function idxFolder(dir: string, overrides: Parameters<typeof smallDataset>[0] = {}): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(smallDataset(overrides))) writeFileSync(join(dir, name), bytes);
}

describe('datasetSizes', () => {
  it("reads each split's image count and image shape from the files' headers, raw or gzipped, and the classes from the labels", () => {
    folder = tempFolder({});
    idxFolder(folder.dir, { 't10k-labels-idx1-ubyte': undefined, 't10k-labels-idx1-ubyte.gz': gzip(idxLabels([7, 2, 1])) });
    expect(datasetSizes(folder.dir)).toEqual({
      ok: true,
      sizes: { train: 5, test: 3 },
      input: { channels: 1, height: 4, width: 3 },
      classes: 10,
    });
  });

  it('says which folder is missing, and what is wrong with a file, in the IDX reader\'s words', () => {
    folder = tempFolder({});
    expect(datasetSizes(join(folder.dir, 'none'))).toEqual({ ok: false, reason: 'no-folder', dir: join(folder.dir, 'none'), dangling: null });
    // a dangling symbolic link is said to be one, with its target, not "does not exist"
    symlinkSync(join(folder.dir, 'gone'), join(folder.dir, 'link'));
    const dangling = readFileMessages.danglingLink(join(folder.dir, 'gone'), null);
    expect(datasetSizes(join(folder.dir, 'link'))).toEqual({ ok: false, reason: 'no-folder', dir: join(folder.dir, 'link'), dangling });
    expect(specMessages.datasetMissing(join(folder.dir, 'link'), dangling)).toBe(`data.path: ${join(folder.dir, 'link')} is ${dangling}`);
    idxFolder(join(folder.dir, 'bad'), { 'train-labels-idx1-ubyte': idxLabels([1, 2], 0x803) });
    expect(datasetSizes(join(folder.dir, 'bad'))).toEqual({
      ok: false, reason: 'bad-data', detail: dataMessages.badMagic('train-labels-idx1-ubyte', 'label', 0x803, 0x801),
    });
    idxFolder(join(folder.dir, 'short'), { 't10k-images-idx3-ubyte': idxImages(3, 4, 3).subarray(0, 40) });
    expect(datasetSizes(join(folder.dir, 'short'))).toEqual({
      ok: false, reason: 'bad-data', detail: dataMessages.badLength('t10k-images-idx3-ubyte', 52, 16, [3, 4, 3], 40),
    });
  });
});

describe('a spec with data.path', () => {
  it('checks slices against the folder\'s sizes, resolving the path against the spec\'s folder', async () => {
    folder = tempFolder({
      'spec.yaml': yaml('name: x', 'data:', '  path: ./idx', '  train: { split: train, end: 200 }', 'training: { batch_size: 10 }'),
    });
    idxFolder(join(folder.dir, 'idx'));
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:4:31: ${specMessages.sliceOutOfBounds('data.train.end', 'train', 5, 200)}`,
    );
  });

  it('reports a missing file at the path value, naming it and the folder searched', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { path: . }') });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    const tried = ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz', 'train-images.idx3-ubyte', 'train-images.idx3-ubyte.gz'];
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:2:15: ${specMessages.datasetBad(dataMessages.fileNotFound(tried[0], folder.dir, tried))}`,
    );
  });

  it('reports a truncated data file at the path value, before anything is trained', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { path: ./idx }') });
    idxFolder(join(folder.dir, 'idx'), { 't10k-images-idx3-ubyte': idxImages(3, 4, 3).subarray(0, 40) });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:2:15: ${specMessages.datasetBad(dataMessages.badLength('t10k-images-idx3-ubyte', 52, 16, [3, 4, 3], 40))}`,
    );
  });

  it('refuses both dataset and path', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data:', '  dataset: mnist', '  path: .') });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.stderr.split('\n')[0]).toBe(`spec.yaml:4:3: ${specMessages.datasetAndPath()}`);
  });
});

describe('a spec with data.path and labels of its own', () => {
  it('validates a dataset of 20 classes', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { path: ./idx }', 'training: { batch_size: 5 }') });
    idxFolder(join(folder.dir, 'idx'), { 'train-labels-idx1-ubyte': idxLabels([5, 19, 4, 1, 0]), 't10k-labels-idx1-ubyte': idxLabels([18, 2, 1]) });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.code, result.stderr).toBe(0);
  });

  it('reports a test label beyond the training labels\' classes at the path value, naming the file', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { path: ./idx }') });
    idxFolder(join(folder.dir, 'idx'), { 'train-labels-idx1-ubyte': idxLabels([0, 1, 2, 3, 4]), 't10k-labels-idx1-ubyte': idxLabels([1, 7, 2]) });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `spec.yaml:2:15: ${specMessages.datasetBad(dataMessages.labelOutOfRange('t10k-labels-idx1-ubyte', 1, 7, 5, 'train-labels-idx1-ubyte'))}`,
    );
  });
});
