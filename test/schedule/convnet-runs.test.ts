/** The ConvNet flagship, cut down to seconds, gives the same bytes at any concurrency and on every kernel set. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/command-line.js';
import { notTimings, scratchDir, tree } from '../helpers/folders.js';
import { nativeKernelsAbsent } from '../helpers/kernels.js';

const scratch = scratchDir('convnet-runs');
const out = (name: string): string => join(scratch, name);
const args = (dir: string, concurrency: number): string[] => [
  'experiments/convnet.yaml', '--out', dir, '--concurrency', String(concurrency),
  '--set', 'training.iterations=8', '--set', 'training.eval_every=4',
  '--set', 'data.evaluate.train.end=300', '--set', 'data.evaluate.test.end=300',
];

function expectSameBytes(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
}

describe('the ConvNet flagship, cut down', () => {
  it('gives byte-identical results with --concurrency 1 and --concurrency 2, models included', async () => {
    const one = await run(args(out('c1'), 1));
    const two = await run(args(out('c2'), 2));
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = tree(out('c1'), notTimings);
    expect(a.has('runs/convnet/model.safetensors')).toBe(true);
    expectSameBytes(a, tree(out('c2'), notTimings));
  });

  const absent = nativeKernelsAbsent();
  it.skipIf(absent !== null)(`gives byte-identical results on the native kernels and on WebAssembly alone${absent ? ` (skipped: no native kernels here: ${absent})` : ''}`, async () => {
    const wasm = await run(args(out('wasm'), 2), { RUN_EXPERIMENTS_KERNELS: 'wasm' });
    expect(wasm.code, wasm.stderr).toBe(0);
    expectSameBytes(tree(out('c2'), notTimings), tree(out('wasm'), notTimings));
  });
});
