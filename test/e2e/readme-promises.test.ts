/**
 * What the README promises, each through the built command line as a user runs it:
 * divergence, shuffled sampling, He and Xavier initialisation, evaluation turned off,
 * training from an IDX folder, SIGTERM, the native kernels demanded where absent, and the
 * committed flagship results (complete, reproducible, keyed by pinned hashes).
 */
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, mnistDataDir } from '../../src/core/data/index.js';
import { root, run, small, start } from '../helpers/command-line.js';
import { differences, folderWith, notTimings, scratchDir, tree } from '../helpers/folders.js';
import { yaml } from '../helpers/io.js';
import { nativeSetAbsentHere } from '../helpers/kernels.js';
import { gzip, idxImages, idxLabels } from '../fixtures/idx/make-idx.js';
import { kernelMessages } from '../../src/core/kernels/messages.js';
import { readModel } from '../../src/model/files.js';
import { VERIFIED_FILE } from '../../src/results/verified-runs.js';

const scratch = scratchDir('promises');
const out = (name: string): string => join(scratch, name);
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
/** The data rows of a CSV file, split into cells. */
const rows = (dir: string, path: string): string[][] => read(dir, path).trimEnd().split('\n').slice(1).map((l) => l.split(','));
/** A one-run experiment, its run lr-0.5: the flagship at lr 0.5, 200 iterations, small evaluation slices. */
const oneRun = (...sets: string[]): string[] => [
  ...small(200), '--set', 'grid.training.learning_rate=[0.5]', ...sets.flatMap((s) => ['--set', s]),
];

describe('a run whose loss becomes NaN or infinite', () => {
  it('stops there, is marked diverged, and says at which iteration in runs.csv, config.json and the README', async () => {
    const dir = out('diverging');
    // lr 1e10 throws the weights past float32's range by the third iteration; lr 0.5 beside it learns
    const result = await run([...small(200), '--set', 'grid.training.learning_rate=[0.5,1e10]', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^lr-10000000000\s+diverged/m);
    expect(result.stdout).toMatch(/^lr-0\.5\s+completed/m);
    const losses = rows(join(dir, 'runs/lr-10000000000'), 'metrics.csv');
    expect(losses.map(([iteration]) => iteration)).toEqual(['0', '1', '2']);
    expect(losses.slice(0, 2).every(([, loss]) => Number.isFinite(Number(loss)))).toBe(true);
    expect(losses[2][1]).toMatch(/^(NaN|-?Infinity)$/);
    expect(rows(dir, 'runs/lr-0.5/metrics.csv')).toHaveLength(200);
    expect(read(dir, 'runs.csv')).toMatch(/^lr-10000000000,10000000000,diverged,(NaN|-?Infinity),[^,]*,[^,]*,2$/m);
    expect(read(dir, 'runs.csv')).toMatch(/^lr-0\.5,0\.5,completed,[0-9.e-]+,[0-9.]+,[0-9.]+,$/m);
    const config = JSON.parse(read(dir, 'runs/lr-10000000000/config.json'));
    expect([config.status, config.diverged_at]).toEqual(['diverged', 2]);
    expect(read(dir, 'README.md')).toMatch(/^\|\s*\| `lr-10000000000` \| 10000000000 \| diverged \| (NaN|-?Infinity) \|.*\| 2 \|$/m);
    expect(read(dir, 'README.md')).toMatch(/`lr-10000000000`.*diverged at iteration 2/);
  });
});

describe('the training settings the README lists, in real runs', () => {
  const lossesOf = (dir: string): string => read(dir, 'runs/lr-0.5/metrics.csv');
  /** runs.csv's one row as { status, loss, train, test } */
  const summary = (dir: string) => {
    const [, , status, loss, train, test] = rows(dir, 'runs.csv')[0];
    return { status, loss, train, test };
  };

  it('trains with sampling: shuffle, differently from sampling with replacement, and the same way twice', async () => {
    const settings = ['data.train.end=1000', 'training.batch_size=100'];
    const shuffled = await run([...oneRun(...settings, 'training.sampling=shuffle'), '--out', out('shuffle')]);
    const again = await run([...oneRun(...settings, 'training.sampling=shuffle'), '--out', out('shuffle-again')]);
    const replaced = await run([...oneRun(...settings, 'training.sampling=replacement'), '--out', out('replacement')]);
    for (const r of [shuffled, again, replaced]) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(read(out('shuffle'), 'runs/lr-0.5/config.json')).config.training.sampling).toBe('shuffle');
    expect(summary(out('shuffle')).status).toBe('completed');
    expect(lossesOf(out('shuffle'))).toBe(lossesOf(out('shuffle-again')));
    expect(lossesOf(out('shuffle'))).not.toBe(lossesOf(out('replacement')));
    // 200 iterations of 100 images from 1,000 are 20 epochs: both learn
    expect(Number(summary(out('shuffle')).loss)).toBeLessThan(1);
  });

  it('initialises with init: he and init: xavier, each its own weights, and trains both', async () => {
    const he = await run([...oneRun('model.init=he'), '--out', out('he')]);
    const xavier = await run([...oneRun('model.init=xavier'), '--out', out('xavier')]);
    const std = await run([...oneRun(), '--out', out('std')]);
    for (const r of [he, xavier, std]) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(read(out('he'), 'runs/lr-0.5/config.json')).config.model.init).toBe('he');
    expect(JSON.parse(read(out('xavier'), 'runs/lr-0.5/config.json')).config.model.init).toBe('xavier');
    const first = (dir: string): string => rows(dir, 'runs/lr-0.5/metrics.csv')[0][1];
    expect(new Set([first(out('he')), first(out('xavier')), first(out('std'))]).size).toBe(3);
    for (const dir of [out('he'), out('xavier')]) {
      const { status, loss, test } = summary(dir);
      expect(status).toBe('completed');
      expect(Number(loss)).toBeLessThan(1);
      expect(Number(test)).toBeGreaterThan(0.8);
    }
  });

  it('turns evaluation off with eval_every: 0: every loss, no accuracy, no accuracy in runs.csv', async () => {
    const dir = out('no-evaluation');
    const result = await run([...oneRun('training.eval_every=0'), '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(rows(dir, 'runs/lr-0.5/metrics.csv')).toHaveLength(200);
    expect(read(dir, 'runs/lr-0.5/evaluations.csv')).toBe('iteration,epoch,train_accuracy,test_accuracy\n');
    expect(read(dir, 'runs.csv')).toMatch(/^lr-0\.5,0\.5,completed,[0-9.e-]+,,,$/m);
  });

  it('trains from a data.path folder of IDX files exactly as from the same images in the bundled MNIST', async () => {
    // the first 2,000 training and 1,000 test images, written as IDX files (training ones gzipped)
    const mnist = loadDataset(mnistDataDir());
    const idx = (split: typeof mnist.train, count: number) => ({
      images: idxImages(count, 28, 28, (i, p) => split.pixels[i * 784 + p]),
      labels: idxLabels(Array.from(split.labels.subarray(0, count))),
    });
    const train = idx(mnist.train, 2000);
    const test = idx(mnist.test, 1000);
    const spec = (data: string): string => yaml(
      'name: from-idx', 'data:', `  ${data}`, '  train: { split: train, end: 2000 }', '  evaluate: { test: { split: test, end: 1000 } }',
      'training: { iterations: 200, eval_every: 50 }',
    );
    const folder = folderWith({
      'idx/train-images-idx3-ubyte.gz': gzip(train.images), 'idx/train-labels-idx1-ubyte.gz': gzip(train.labels),
      'idx/t10k-images-idx3-ubyte': test.images, 'idx/t10k-labels-idx1-ubyte': test.labels,
      'from-idx.yaml': spec('path: ./idx'), 'from-mnist.yaml': spec('dataset: mnist'),
    }, 'idx-run');
    const fromIdx = await run([join(folder, 'from-idx.yaml'), '--out', out('idx')]);
    const fromMnist = await run([join(folder, 'from-mnist.yaml'), '--out', out('mnist')]);
    expect(fromIdx.code, fromIdx.stderr).toBe(0);
    expect(fromMnist.code, fromMnist.stderr).toBe(0);
    expect(rows(out('idx'), 'runs/run/metrics.csv')).toHaveLength(200);
    expect(rows(out('idx'), 'runs/run/evaluations.csv')).toHaveLength(5);
    for (const file of ['metrics.csv', 'evaluations.csv']) {
      expect(readFileSync(join(out('idx'), 'runs/run', file)).equals(readFileSync(join(out('mnist'), 'runs/run', file))), file).toBe(true);
    }
    // the models' weights: their metadata names each run's own config hash
    const [a, b] = [out('idx'), out('mnist')].map((dir) => readModel(join(dir, 'runs/run')).tensors);
    a.forEach((t, i) => expect(Buffer.from(t.data.buffer).equals(Buffer.from(b[i].data.buffer)), t.name).toBe(true));

    // the project moved (a clone elsewhere): the same files, so the same run, cached
    const moved = `${folder}-moved`;
    renameSync(folder, moved);
    const again = await run([join(moved, 'from-idx.yaml'), '--out', out('idx')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/\b0 runs trained and 1 cached/);
    // a file changed in place: other data, so the run trains again, saying what changed (where the folder is, too, since its config.json names it)
    const labels = Array.from(mnist.test.labels.subarray(0, 1000));
    labels[0] = (labels[0] + 1) % 10;
    writeFileSync(join(moved, 'idx/t10k-labels-idx1-ubyte'), idxLabels(labels));
    const changed = await run([join(moved, 'from-idx.yaml'), '--out', out('idx')]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toMatch(/run: settings changed \(data\.source\.path, data\.source\.sha256\); training again/);
    expect(changed.stderr).toMatch(/\b1 run trained and 0 cached/);
  });
});

describe('stopping and choosing kernels', () => {
  it('stops at SIGTERM as at Ctrl-C: exit 130, only complete files, and a second run finishes the rest', async () => {
    const dir = out('terminated');
    const args = [...small(4000), '--out', dir, '--concurrency', '1'];
    const running = start(args);
    await running.waitFor(/lr-0\.5: completed/);
    running.child.kill('SIGTERM');
    const stopped = await running.done;
    // once, on a loaded CI machine, the process ended by the signal itself (code null): say which signal, and what it printed
    expect(stopped.code, `signal ${stopped.signal}; stderr:\n${stopped.stderr}`).toBe(130);
    expect(stopped.stdout).toMatch(/Interrupted/);
    expect([...tree(dir).keys()].filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'runs'))).toContain('lr-0.5');
    const resumed = await run(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('lr-0.5: already');
    expect(rows(dir, 'runs.csv').map(([id, , status]) => `${id} ${status}`)).toEqual(['lr-0.5 completed', 'lr-1.2 completed', 'lr-1.5 completed']);
  });

  const absentSet = nativeSetAbsentHere();
  it(`exits 2 with RUN_EXPERIMENTS_KERNELS=${absentSet}, a native set that does not run here, writing nothing`, async () => {
    const dir = out('never-native');
    const result = await run([...oneRun(), '--out', dir], { RUN_EXPERIMENTS_KERNELS: absentSet });
    expect(result.code).toBe(2);
    // the message, less the reasons in brackets, which depend on the processor
    expect(result.stderr).toContain(kernelMessages.noneRuns(absentSet, []).split(' (')[0]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('the committed flagship results, results/lr-comparison', () => {
  const committed = join(root, 'results/lr-comparison');

  it('are keyed by these config hashes (a change of hash would silently retrain every cached run)', async () => {
    const plan = await run(['plan', 'experiments/lr-comparison.yaml']);
    expect(plan.code, plan.stderr).toBe(0);
    const hashes = plan.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(' '));
    expect(hashes).toEqual(['lr-0.5 45f6d92d788a', 'lr-1.2 411b6cc0433d', 'lr-1.5 16c7f423f781']);
    for (const line of hashes) {
      const [id, hash] = line.split(' ');
      expect(JSON.parse(read(committed, `runs/${id}/config.json`)).hash, id).toBe(hash);
    }
  });

  it('are complete: a rerun without --force trains nothing and changes no byte', async () => {
    const dir = out('committed');
    cpSync(committed, dir, { recursive: true });
    const result = await run(['experiments/lr-comparison.yaml', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    for (const id of ['lr-0.5', 'lr-1.2', 'lr-1.5']) expect(result.stderr).toContain(`${id}: already`);
    expect(result.stderr).not.toContain('started');
    expect(differences(tree(committed), tree(dir))).toEqual([]);
  });

  it('are reproduced by --force byte for byte, timings.csv aside, the models weight for weight', async () => {
    // the whole flagship: three runs of 10,000 iterations, about 30 s on two cores
    const dir = out('forced');
    cpSync(committed, dir, { recursive: true });
    const result = await run(['experiments/lr-comparison.yaml', '--out', dir, '--force']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/started/g)).toHaveLength(3);
    // the models are compared by their weights: the committed ones may be in the older format (model.json + model.bin)
    // and .verified-runs.json, the runner's cache of what it checked, is not committed (.gitignore)
    const notModels = (path: string) => notTimings(path) || path === VERIFIED_FILE || /\/model\.(json|bin|safetensors)$/.test(path);
    expect(differences(tree(committed, notModels), tree(dir, notModels))).toEqual([]);
    for (const id of ['lr-0.5', 'lr-1.2', 'lr-1.5']) {
      expect(existsSync(join(dir, 'runs', id, 'model.safetensors')), id).toBe(true);
      const [before, after] = [committed, dir].map((results) => readModel(join(results, 'runs', id)));
      expect(after.architecture).toEqual(before.architecture);
      after.tensors.forEach((t, i) => expect(Buffer.from(t.data.buffer).equals(Buffer.from(before.tensors[i].data.buffer)), `${id} ${t.name}`).toBe(true));
    }
    expect(rows(dir, 'timings.csv').map(([id]) => id)).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5']);
  }, 600_000);
});
