/** The seed's protocol on PyTorch, one thread (torch_protocol.py), where a python3 imports torch. */
import { BenchError } from './bench-error.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mnistDataDir } from '../../src/core/data/index.js';
import type { Timing } from './ours.js';

const SCRIPT = fileURLToPath(new URL('../../../tools/bench/torch_protocol.py', import.meta.url));

/** The first python3 that imports torch (the system's may, where the user's does not), with torch's version; or null. */
export function findTorch(): { python: string; version: string } | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return null;
}

export function timeTorch(python: string, iterations: number): Timing {
  const args = [SCRIPT, mnistDataDir(), '--lr', '0.5', '--iters', String(iterations), '--eval-every', '100', '--seed', '1'];
  const child = spawnSync(python, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (child.status !== 0) throw new BenchError(`torch_protocol.py failed: ${child.stderr.trim().split('\n').at(-1)}`);
  const summary = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    load_s: number; train_s: number; evaluations: number; test_accuracy: number | null;
  };
  return {
    loadSeconds: summary.load_s,
    trainSeconds: summary.train_s,
    iterations,
    imagesEvaluated: summary.evaluations * 70000,
    testAccuracy: summary.test_accuracy,
  };
}
