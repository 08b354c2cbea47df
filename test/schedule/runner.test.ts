/**
 * `run-experiments run` end to end, through the built command line: concurrency,
 * caching and resume, failures, interruption, memory, bad input.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mnistDataDir } from '../../src/core/data/index.js';
import { kernelMessages } from '../../src/core/kernels/messages.js';
import { kernelChoices } from '../../src/core/kernels/registry.js';
import { loadSharedDataset } from '../../src/core/shared-dataset.js';
import { root, run, small, start } from '../helpers/command-line.js';
import { notTimings, scratchDir, tree } from '../helpers/folders.js';
import { nativeKernelsAbsent } from '../helpers/kernels.js';

const scratch = scratchDir('runner');
const out = (name: string): string => join(scratch, name);

const RUNS = ['lr-0.5', 'lr-1.2', 'lr-1.5'];
/** What a completed run leaves in its folder as it ends; its pictures are the report's, in charts/runs/. */
const RUN_FILES = ['config.json', 'evaluations.csv', 'metrics.csv', 'model.safetensors', 'confusion-test.csv'];

describe('running the flagship experiment, cut down', () => {
  it('gives byte-identical results with --concurrency 1 and --concurrency 2', async () => {
    const one = await run([...small(), '--out', out('c1'), '--concurrency', '1']);
    const two = await run([...small(), '--out', out('c2'), '--concurrency', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = tree(out('c1'), notTimings);
    const b = tree(out('c2'), notTimings);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
    expect(a.size).toBeGreaterThan(3 * RUN_FILES.length);
    for (const id of RUNS) expect(a.has(`charts/runs/${id}/chart.svg`), id).toBe(true);
  });

  // where the native kernels are absent both runs are on WebAssembly, and comparing them would prove nothing
  const absent = nativeKernelsAbsent();
  it.skipIf(absent !== null)(`gives byte-identical results on the native kernels and on the WebAssembly kernels alone (RUN_EXPERIMENTS_KERNELS=wasm)${absent ? ` (skipped: no native kernels here: ${absent})` : ''}`, async () => {
    const wasm = await run([...small(), '--out', out('wasm'), '--concurrency', '2'], { RUN_EXPERIMENTS_KERNELS: 'wasm' });
    expect(wasm.code, wasm.stderr).toBe(0);
    const a = tree(out('c2'), notTimings);
    const b = tree(out('wasm'), notTimings);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  it('shows every run and its status in the summary: lr 1.5 fails to learn but completes, its loss finite', async () => {
    const again = await run([...small(), '--out', out('c1')]);
    for (const id of RUNS) expect(again.stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\s+completed`, 'm'));
    expect(readFileSync(join(out('c1'), 'runs.csv'), 'utf8')).toMatch(/^lr-1\.5,1\.5,completed,\d/m);
  });

  it('skips runs already on disk, retrains with --force, and gives the same bytes', async () => {
    const before = tree(out('c1'), notTimings);
    const again = await run([...small(), '--out', out('c1')]);
    expect(again.code).toBe(0);
    for (const id of RUNS) expect(again.stderr).toContain(`${id}: already`);
    expect(again.stderr).not.toContain('started');
    const forced = await run([...small(), '--out', out('c1'), '--force']);
    expect(forced.stderr.match(/started/g)).toHaveLength(3);
    const after = tree(out('c1'), notTimings);
    for (const [path, bytes] of before) expect(bytes.equals(after.get(path)!), path).toBe(true);
  });

  it('retrains only the runs a changed value changes', async () => {
    const changed = await run([...small(), '--out', out('c1'), '--set', 'grid.training.learning_rate=[0.5,1.2,0.9]']);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('lr-0.5: already');
    expect(changed.stderr).toContain('lr-1.2: already');
    expect(changed.stderr).toMatch(/lr-0\.9: started/);
    expect(changed.stderr.match(/started/g)).toHaveLength(1);
  });

  it('keeps a finished run\'s folder as it was when its --force retraining fails, says so, and exits 1', async () => {
    const dir = out('force-fails');
    cpSync(out('c2'), dir, { recursive: true });
    const before = tree(dir, notTimings);
    const forced = await run([...small(), '--out', dir, '--force'], { RUN_EXPERIMENTS_FAULT: 'exit:lr-1.2' });
    expect(forced.code, forced.stderr).toBe(1);
    expect(forced.stderr).toMatch(/lr-1\.2: failed - .*its folder from before, a completed run of the same config, is kept as it was/);
    // the two others trained again to their bytes, lr-1.2's folder untouched, and the report as it was
    const after = tree(dir, notTimings);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(bytes.equals(after.get(path)!), path).toBe(true);
  });

  for (const fault of ['throw', 'exit']) {
    it(`reports a run whose worker ${fault === 'throw' ? 'throws' : 'exits'} as failed, finishes the others, and exits 1`, async () => {
      const dir = out(`fault-${fault}`);
      const result = await run([...small(), '--out', dir], { RUN_EXPERIMENTS_FAULT: `${fault}:lr-1.2` });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^lr-1\.2\s+failed/m);
      expect(result.stdout).toMatch(/^lr-0\.5\s+completed/m);
      expect(result.stdout).toMatch(/^lr-1\.5\s+completed/m);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      const runsCsv = readFileSync(join(dir, 'runs.csv'), 'utf8');
      expect(runsCsv).toMatch(/^lr-1\.2,1\.2,failed,/m);
      for (const id of ['lr-0.5', 'lr-1.5']) for (const file of RUN_FILES) expect(existsSync(join(dir, 'runs', id, file)), `${id}/${file}`).toBe(true);
    });
  }
});

describe('interrupting a run', () => {
  const args = (dir: string): string[] => [...small(4000), '--out', dir, '--concurrency', '1'];

  it('stops at Ctrl-C with exit 130, leaves only complete files, and a second run finishes exactly as an uninterrupted one', async () => {
    const dir = out('interrupted');
    const running = start(args(dir));
    await running.waitFor(/lr-0\.5: completed/);
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/Interrupted/);
    // only complete files: no temporaries, every run folder whole, no report yet
    const files = [...tree(dir).keys()];
    expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
    const folders = readdirSync(join(dir, 'runs'));
    expect(folders).toContain('lr-0.5');
    for (const id of folders) for (const file of RUN_FILES) expect(files).toContain(`runs/${id}/${file}`);
    expect(readFileSync(join(dir, 'runs/lr-0.5/metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(4001);

    const resumed = await run(args(dir));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('lr-0.5: already');
    expect(resumed.stderr).toMatch(/lr-1\.2: started/);

    const whole = await run(args(out('uninterrupted')));
    expect(whole.code).toBe(0);
    const a = tree(dir, notTimings);
    const b = tree(out('uninterrupted'), notTimings);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  it('quits at once on a second Ctrl-C, still with exit 130', async () => {
    const running = start([...small(200000), '--out', out('twice')]);
    await running.waitFor(/started/);
    running.child.kill('SIGINT');
    await running.waitFor(/Ctrl-C again/);
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    // it quit before any run ended: nothing, not even a half-written file, is on disk
    expect(existsSync(out('twice'))).toBe(false);
  });
});

describe('memory', () => {
  /** Peak resident memory (KiB) of the command line running the seed protocol's three runs on `workers` threads. */
  function peakKib(workers: number): number {
    const probe = join(root, 'test/schedule/max-rss.mjs');
    const result = spawnSync(process.execPath, [probe, 'experiments/lr-comparison.yaml', '--set', 'training.iterations=100',
      '--out', out(`memory-${workers}`), '--concurrency', String(workers)], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return Number(/max-rss-kib (\d+)/.exec(result.stdout)?.[1]);
  }

  it('holds the dataset once: two more workers add less than one copy of it, and three runs stay under 1 GiB', () => {
    const { dataset } = loadSharedDataset(mnistDataDir());
    const datasetKib = [dataset.train, dataset.test]
      .flatMap((split) => Object.values(split).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)))
      .reduce((sum, array) => sum + array.byteLength, 0) / 1024;
    expect(datasetKib).toBeGreaterThan(80 * 1024);
    const one = peakKib(1);
    const three = peakKib(3);
    // a copy per worker would add two copies (about 170 MB); each worker's own heap and scratch memory add about 25 MB
    expect(three - one).toBeLessThan(datasetKib);
    expect(three).toBeLessThan(1024 * 1024);
  });
});

describe('a bad spec given to run', () => {
  it('exits 2 with the problem at its line, no stack trace, and writes nothing', async () => {
    const dir = out('never');
    const result = await run(['experiments/lr-comparison.yaml', '--set', 'training.batch_size=0', '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--set:1:\d+: /);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(dir)).toBe(false);
  });

  it('exits 2 for a missing spec file and an unknown option', async () => {
    const missing = await run(['experiments/nope.yaml', '--out', out('never2')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    const option = await run(['experiments/lr-comparison.yaml', '--concurency', '2']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/concurency/);
    expect(existsSync(out('never2'))).toBe(false);
  });

  it('exits 2 for an unknown RUN_EXPERIMENTS_KERNELS, naming what it expected, and writes nothing', async () => {
    const dir = out('never3');
    const result = await run(['experiments/lr-comparison.yaml', '--out', dir], { RUN_EXPERIMENTS_KERNELS: 'fast' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(kernelMessages.choiceInvalid(kernelChoices(), 'fast'));
    expect(kernelChoices()).toEqual(expect.arrayContaining(['auto', 'wasm', 'native']));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(dir)).toBe(false);
  });
});
