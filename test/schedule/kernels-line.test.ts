/** `run` says first which kernels its float32 runs use, and why not the native ones. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMessages as m } from '../../src/schedule/messages.js';
import { run, small } from './cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'kernels-line-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the kernels line', () => {
  it('is the first line run prints, naming the WebAssembly kernels and why the native ones are not used', async () => {
    const result = await run([...small(20), '--set', 'training.eval_every=0', '--out', join(scratch, 'wasm')], { RUN_EXPERIMENTS_KERNELS: 'wasm' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(m.kernels('wasm-simd', 'RUN_EXPERIMENTS_KERNELS=wasm'));
  });

  it('names the float64 arithmetic when no run is float32', async () => {
    const result = await run([...small(20), '--set', 'training.eval_every=0', '--out', join(scratch, 'f64'), '--set', 'training.precision=float64']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(m.float64Kernels);
  });
});
