/** `npm run bench` end to end, cut down (--quick: 1,000 iterations), without NumPy. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/command-line.js';

describe('the bench, run as a user would', () => {
  it('times one run on one thread and on all cores, and on every other kernel set here, all with the same accuracy on the same images', () => {
    const bench = spawnSync(process.execPath, [join(root, 'build/tools/bench/main.js'), '--quick', '--no-reference', '--json'], { encoding: 'utf8' });
    expect(bench.status, bench.stderr).toBe(0);
    const figures = JSON.parse(bench.stdout);
    expect(figures.iterations).toBe(1000);
    expect(figures.kernels).toMatch(/wasm-simd/);
    const [one] = figures.ours;
    // evaluations at iterations 0, 100, ..., 900 and 999: 11 passes over 70,000 images
    expect(one.imagesEvaluated).toBe(11 * 70000);
    expect(one.testAccuracy).toBeGreaterThan(0.9);
    expect(one.trainSeconds).toBeGreaterThan(0);
    if (figures.cores > 1) {
      const [all] = figures.oursAllCores;
      expect(all.imagesEvaluated).toBe(one.imagesEvaluated);
      expect(all.testAccuracy).toBe(one.testAccuracy);
      expect(figures.oursAllCoresSeconds).toBe(all.trainSeconds);
    }
    expect(figures.ratio).toEqual({ default: null, one: null, allCores: null });
    // the WebAssembly kernels are always here; where a native set runs by default, wasm is timed apart
    const sets = figures.sets.map((s: { set: string }) => s.set);
    expect(sets[0]).toBe(figures.kernels);
    if (figures.kernels.startsWith('native-')) expect(sets).toContain('wasm-simd');
    for (const runs of Object.values(figures.perSet) as { testAccuracy: number; imagesEvaluated: number }[][]) {
      expect(runs[0].testAccuracy).toBe(one.testAccuracy);
      expect(runs[0].imagesEvaluated).toBe(one.imagesEvaluated);
    }
  });

  it('times the first layer\'s kernels alone with --kernels, on every kernel set here, per nonzero pixel', () => {
    const bench = spawnSync(process.execPath, [join(root, 'build/tools/bench/main.js'), '--kernels', '--json'], { encoding: 'utf8' });
    expect(bench.status, bench.stderr).toBe(0);
    const { kernels } = JSON.parse(bench.stdout);
    const sets = kernels.map((k: { set: string }) => k.set);
    expect(sets).toContain('wasm-simd');
    for (const k of kernels) {
      for (const figure of [k.evaluationNs, k.forwardNs, k.gradientNs]) expect(figure).toBeGreaterThan(0);
      // 70,000 images of about 150 nonzero pixels each: milliseconds and nanoseconds per pixel agree
      expect(k.evaluationMs / k.evaluationNs).toBeCloseTo(70000 * 150 / 1e6, -1);
    }
  });

  describe('refuses, in one line and before timing anything, what it could not finish', () => {
    const bench = (...args: string[]) => spawnSync(process.execPath, [join(root, 'build/tools/bench/main.js'), ...args], { encoding: 'utf8' });

    it('a mistaken option: the mistake and where the options are, no usage screen and no stack trace', () => {
      const run = bench('--report', '--runs', 'abc');
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("bench: --runs: expected an integer >= 1, got 'abc'\nRun `npm run bench -- --help` for the options.\n");
      expect(run.stdout).toBe('');
    });

    it('a --reference that names no file', () => {
      const run = bench('--quick', '--reference', join(tmpdir(), 'no-such-reference.py'));
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`bench: --reference: no file at ${join(tmpdir(), 'no-such-reference.py')}\n`);
      expect(run.stdout).toBe('');
    });

    it('an --out that is a folder, or in a folder that is not there', () => {
      const folder = mkdtempSync(join(tmpdir(), 'bench-out-'));
      const onFolder = bench('--kernels', '--out', folder);
      expect(onFolder.status).toBe(2);
      expect(onFolder.stderr).toBe(`bench: --out: ${folder} is a folder\n`);
      const missing = join(folder, 'missing', 'figures.json');
      const inMissing = bench('--kernels', '--out', missing);
      expect(inMissing.status).toBe(2);
      expect(inMissing.stderr).toMatch(new RegExp(`^bench: cannot write ${missing}: no such file or directory \\(ENOENT\\)\n$`));
      expect(existsSync(missing)).toBe(false);
    });
  });
});
