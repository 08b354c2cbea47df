/** The seed's NumPy reference, run as a child process on the same data. */
import { BenchError } from './bench-error.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mnistDataDir } from '../../src/core/data/index.js';
import type { Timing } from './ours.js';

export interface NumpyRun extends Timing {
  threads: 'default' | '1';
}

/** NumPy's version, or null when python3 or NumPy is missing. */
export function numpyVersion(): string | null {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

export function timeNumpy(script: string, iterations: number, threads: 'default' | '1', keepOpenblasEnv: boolean): NumpyRun {
  if (!existsSync(script)) throw new BenchError(`the NumPy reference is not at ${script}`);
  const env = { ...process.env };
  if (!keepOpenblasEnv) {
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
  }
  if (threads === '1') env.OPENBLAS_NUM_THREADS = '1';
  const args = [script, mnistDataDir(), '--lr', '0.5', '--iters', String(iterations), '--eval-every', '100', '--seed', '1'];
  const child = spawnSync('python3', args, { encoding: 'utf8', env });
  if (child.status !== 0) throw new BenchError(`reference_numpy.py failed: ${child.stderr.trim().split('\n').at(-1)}`);
  const summary = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    load_s: number; train_s: number; evaluations: number; test_accuracy: number | null;
  };
  return {
    threads,
    loadSeconds: summary.load_s,
    trainSeconds: summary.train_s,
    iterations,
    imagesEvaluated: summary.evaluations * 70000,
    testAccuracy: summary.test_accuracy,
  };
}
