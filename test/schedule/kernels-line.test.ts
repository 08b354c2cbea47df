/** `run` says first which kernels its float32 runs use, and why not the native ones. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeKernels } from '../../src/core/kernels/registry.js';
import { runMessages as m } from '../../src/schedule/messages.js';
import { run, small } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = scratchDir('kernels-line');

describe('the kernels line', () => {
  it('is the first line run prints, naming the WebAssembly kernels and why the native ones are not used', async () => {
    const result = await run([...small(20), '--set', 'training.eval_every=0', '--out', join(scratch, 'wasm')], { RUN_EXPERIMENTS_KERNELS: 'wasm' });
    expect(result.code, result.stderr).toBe(0);
    const { name, passedOver } = describeKernels('wasm');
    expect(name.split(' + ')[0]).toBe('wasm-simd');
    expect(passedOver.length).toBeGreaterThan(0);
    expect(passedOver.every((reason) => reason.endsWith('not chosen (RUN_EXPERIMENTS_KERNELS=wasm)'))).toBe(true);
    expect(result.stderr.split('\n')[0]).toBe(m.kernels(name, passedOver));
  });

  it('names the float64 arithmetic when no run is float32', async () => {
    const result = await run([...small(20), '--set', 'training.eval_every=0', '--out', join(scratch, 'f64'), '--set', 'training.precision=float64']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(m.float64Kernels);
  });
});
