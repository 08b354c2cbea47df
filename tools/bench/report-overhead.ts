/**
 * `npm run bench -- --report [--runs N]`: what the runner and the report cost per run,
 * apart from training. A generated grid of N tiny runs (default 1,000 learning rates;
 * 784-8-10, 20 iterations of 10 images, 2 evaluations of 100 test images) runs through the
 * built command line, then the same command again, every run cached. Each is timed in wall
 * time and in CPU time (all of the process's threads; the machine may be shared, and CPU
 * time is what load does not stretch). The runs' own work (initialising the network,
 * training, evaluating) is timed apart, on this thread, on a sample of the same runs:
 * the overhead per run is what the command line spends beyond it. And the bytes the
 * results folder holds, per run, for the pictures, and those git commits.
 */
import { BenchError } from './bench-error.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistDataDir } from '../../src/core/data/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { packageFile } from '../../src/core/package-files.js';
import { train } from '../../src/core/train.js';
import { planRuns } from '../../src/plan/plan.js';
import { architectureOf } from '../../src/spec/layers.js';
import { loadSpec } from '../../src/spec/load.js';

const main = join(packageFile('.'), 'dist/cli/main.js');
const cpuUsage = fileURLToPath(new URL('./cpu-usage.js', import.meta.url));
/** Runs of the grid whose training is timed apart (evenly spread over the learning rates). */
const SAMPLE = 100;

/** The spec of `runs` tiny runs, one per learning rate. */
export function tinyGridSpec(runs: number): string {
  const rates = Array.from({ length: runs }, (_, k) => Number((0.001 * (k + 1)).toPrecision(6)));
  return [
    'name: tiny-grid',
    'data:',
    '  dataset: mnist',
    '  train: { split: train, start: 0, end: 1000 }',
    '  evaluate: { test: { split: test, start: 0, end: 100 } }',
    'model: { hidden: [8], activation: relu }',
    'training: { optimizer: sgd, learning_rate: 0.1, batch_size: 10, iterations: 20, eval_every: 10 }',
    `grid: { training.learning_rate: [${rates.join(', ')}] }`,
    'report: { compare: training.learning_rate }',
    '',
  ].join('\n');
}

export async function benchReport(say: (line: string) => void, runs: number, cpu: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    const spec = join(scratch, 'tiny-grid.yaml');
    writeFileSync(spec, tinyGridSpec(runs));
    const out = join(scratch, 'results');
    const concurrency = 2;
    const args = [spec, '--out', out, '--max-runs', String(runs), '--concurrency', String(concurrency)];
    say(`machine: ${cpu}; node ${process.version}`);
    say(`${runs} tiny runs (784-8-10, 20 iterations of 10 images, 2 evaluations of 100 test images), --concurrency ${concurrency}`);
    const own = await runsOwnWork(spec, runs);
    say(`the runs' own work, timed apart on one thread (${own.sampled} of them): ${ms(own.cpu)} ms CPU a run (${ms(own.wall)} ms wall)`);
    const first = timed(args, scratch);
    say(`first run:          ${first.wall.toFixed(2)} s wall, ${first.cpu.toFixed(2)} s CPU: ${ms(first.wall / runs)} ms wall and ${ms(first.cpu / runs)} ms CPU a run`);
    const cpuOverhead = first.cpu / runs - own.cpu;
    const wallOverhead = first.wall / runs - own.wall / concurrency;
    say(`overhead per run:   ${ms(cpuOverhead)} ms of CPU beyond the run's own work; ${ms(wallOverhead)} ms of wall time beyond it on ${concurrency} threads`);
    const again = timed(args, scratch);
    say(`fully cached rerun: ${again.wall.toFixed(2)} s wall, ${again.cpu.toFixed(2)} s CPU`);
    const all = bytes(out);
    const pictures = bytes(join(out, 'charts'));
    const committed = all - leftOutOfGit(out);
    say(`results folder: ${(all / 1e6).toFixed(1)} MB (${(all / runs / 1024).toFixed(1)} KiB per run), of which pictures ${(pictures / 1e6).toFixed(2)} MB; what git commits (its .gitignore leaves out the caches and the models of runs not drawn): ${(committed / 1e6).toFixed(1)} MB`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ms = (seconds: number): string => (seconds * 1000).toFixed(1);

/** Seconds of CPU and wall time a run's own work takes (network made and initialised, trained, evaluated), on this thread: the mean over a sample of the grid's runs. */
async function runsOwnWork(spec: string, runs: number): Promise<{ cpu: number; wall: number; sampled: number }> {
  const loaded = await loadSpec(spec, { maxRuns: runs });
  if (!loaded.spec) throw new BenchError(`the bench's spec: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const planned = planRuns(loaded.spec).runs;
  const shared = loadSharedDataset(mnistDataDir());
  const kernels = attachKernels(shared);
  const { dataset } = shared;
  const sample = planned.filter((_, k) => k % Math.max(1, Math.floor(planned.length / SAMPLE)) === 0).slice(0, SAMPLE);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const { config } of sample) {
    const input = { channels: 1, height: dataset.train.height, width: dataset.train.width };
    train({
      model: { init: config.model.init, architecture: architectureOf(config.model, input, dataset.classes) },
      training: config.training,
      train: { images: dataset[config.data.train.split], start: config.data.train.start, end: config.data.train.end },
      evaluate: Object.entries(config.data.evaluate).map(([name, slice]) => ({ name, slice: { images: dataset[slice.split], start: slice.start, end: slice.end } })),
      classes: dataset.classes,
      kernels: config.training.precision === 'float32' ? kernels : undefined,
    });
  }
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6 / sample.length, wall: (performance.now() - start) / 1000 / sample.length, sampled: sample.length };
}

/** The command line's wall time, and its CPU time (every thread), in seconds. */
function timed(args: string[], scratch: string): { wall: number; cpu: number } {
  const cpuFile = join(scratch, 'cpu.json');
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', cpuUsage, main, ...args], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const wall = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new BenchError(`run-experiments exited ${child.status}: ${child.stderr.slice(-2000)}`);
  const used = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

/** The bytes of the files the results folder's .gitignore leaves out: its caches, and the models of the runs experiment.json does not keep. */
function leftOutOfGit(out: string): number {
  const { models } = JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8')) as { models?: string[] };
  const caches = ['.verified-runs.json', 'checkpoints'].filter((name) => existsSync(join(out, name))).reduce((sum, name) => sum + bytes(join(out, name)), 0);
  if (!models) return caches;
  const kept = new Set(models);
  return caches + readdirSync(join(out, 'runs'))
    .filter((id) => !kept.has(id) && existsSync(join(out, 'runs', id, 'model.safetensors')))
    .reduce((sum, id) => sum + bytes(join(out, 'runs', id, 'model.safetensors')), 0);
}

function bytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0);
}
