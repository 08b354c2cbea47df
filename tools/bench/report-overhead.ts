/**
 * `npm run bench -- --report [--runs N]`: what the runner and the report cost per run,
 * apart from training. A generated grid of N tiny runs (default 1,000 learning rates;
 * 784-8-10, 20 iterations of 10 images, 2 evaluations of 100 test images: microseconds of
 * training each) runs through the built command line; the wall time over N is the
 * overhead per run. Then the same command again, every run cached: the rerun's wall time.
 * And the bytes the results folder holds, per run and for the pictures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageFile } from '../../src/core/package-files.js';

const main = join(packageFile('.'), 'dist/cli/main.js');

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

export function benchReport(say: (line: string) => void, runs: number): void {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    const spec = join(scratch, 'tiny-grid.yaml');
    writeFileSync(spec, tinyGridSpec(runs));
    const out = join(scratch, 'results');
    const args = [main, spec, '--out', out, '--max-runs', String(runs), '--concurrency', '2'];
    say(`${runs} tiny runs (784-8-10, 20 iterations of 10 images, 2 evaluations of 100 test images), --concurrency 2`);
    const first = timed(args);
    say(`first run:         ${first.toFixed(2)} s wall, ${((first / runs) * 1000).toFixed(1)} ms per run (overhead: training is microseconds)`);
    const again = timed(args);
    say(`fully cached rerun: ${again.toFixed(2)} s wall`);
    const all = bytes(out);
    const pictures = bytes(join(out, 'charts'));
    say(`results folder: ${(all / 1e6).toFixed(1)} MB (${(all / runs / 1024).toFixed(1)} KiB per run), of which pictures ${(pictures / 1e6).toFixed(2)} MB`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function timed(args: string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`run-experiments exited ${child.status}: ${child.stderr.slice(-2000)}`);
  return (performance.now() - start) / 1000;
}

function bytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0);
}
