import { describe, expect, it } from 'vitest';
import { benchSummary, formatRow, median, setsSummary, torchLine } from '../../tools/bench/report.js';
import { BENCH_HELP, parseBenchOptions } from '../../tools/bench/options.js';
import { formatKernelFigures } from '../../tools/bench/kernels.js';

const timing = (trainSeconds: number) => ({ loadSeconds: 0.3, trainSeconds, iterations: 10000, imagesEvaluated: 7_070_000, testAccuracy: 0.951 });

describe('the bench', () => {
  it('takes the median of its rounds', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('reports how many times faster ours is than NumPy, one thread against one and all cores against its default threads', () => {
    const s = benchSummary([timing(6), timing(5)], [
      { ...timing(20), threads: 'default' }, { ...timing(30), threads: '1' },
    ], [timing(2), timing(2.5), timing(3)]);
    expect(s.oursSeconds).toBe(5.5);
    expect(s.oursAllCoresSeconds).toBe(2.5);
    expect(s.ratio.default).toBeCloseTo(20 / 5.5, 12);
    expect(s.ratio.one).toBeCloseTo(30 / 5.5, 12);
    expect(s.ratio.allCores).toBeCloseTo(20 / 2.5, 12);
    expect(s.line.split('\n')).toEqual([
      'ours 5.5 s on one thread, 2.5 s on all cores',
      'one thread against NumPy on one thread (30.0 s): 5.5x faster',
      'one thread against NumPy on its default threads (20.0 s): 3.6x faster',
      'all cores against NumPy on its default threads (20.0 s): 8.0x faster',
    ]);
  });

  it('reports each kernel set on one thread, the one in use first, with its ratios to NumPy', () => {
    const s = setsSummary('native-avx2 + wasm-simd', [timing(5), timing(4)], new Map([['wasm-simd', [timing(9)]]]), { one: 36, default: 27 });
    expect(s.sets.map((f) => [f.set, f.seconds, f.ratio.one, f.ratio.default])).toEqual([
      ['native-avx2 + wasm-simd', 4.5, 8, 6], ['wasm-simd', 9, 4, 3],
    ]);
    expect(s.line.split('\n')).toEqual([
      'per kernel set, one thread:',
      '  native-avx2 + wasm-simd: 4.5 s, 8.0x NumPy on one thread, 6.0x NumPy on its default threads',
      '  wasm-simd: 9.0 s, 4.0x NumPy on one thread, 3.0x NumPy on its default threads',
    ]);
    expect(setsSummary('wasm-simd', [timing(9)], new Map(), { one: null, default: null }).line).toBe('per kernel set, one thread:\n  wasm-simd: 9.0 s');
  });

  it('reports how many times faster ours is than PyTorch on one thread, from the medians', () => {
    expect(torchLine(4, [timing(30), timing(20), timing(25)])).toBe('one thread against PyTorch on one thread (25.0 s): 6.3x faster');
  });

  it('says when NumPy was not measured, or ours on all cores was not', () => {
    const alone = benchSummary([timing(6)], []);
    expect(alone.line).toBe('ours 6.0 s on one thread (NumPy not measured)');
    expect(alone.ratio).toEqual({ default: null, one: null, allCores: null });
    const oneCore = benchSummary([timing(6)], [{ ...timing(18), threads: 'default' }]);
    expect(oneCore.line).toBe('ours 6.0 s on one thread\none thread against NumPy on its default threads (18.0 s): 3.0x faster');
    expect(oneCore.ratio.allCores).toBeNull();
  });

  it('prints seconds, iterations and images per second in a row', () => {
    expect(formatRow('ours', timing(5))).toMatch(/5\.00 s\s+2000 it\/s\s+1\.41 M images evaluated\/s/);
  });

  it('checks its options where they enter', () => {
    expect(parseBenchOptions(['--quick', '--rounds', '3'], 'ref.py')).toMatchObject({ quick: true, rounds: 3, reference: 'ref.py' });
    expect(parseBenchOptions(['--no-reference'], 'ref.py').reference).toBeNull();
    expect(parseBenchOptions(['--out', 'bench.json'], 'ref.py').out).toBe('bench.json');
    expect(parseBenchOptions([], 'ref.py').out).toBeNull();
    expect(() => parseBenchOptions(['--rounds', '0'], 'ref.py')).toThrow("--rounds: expected an integer >= 1, got '0'");
    expect(() => parseBenchOptions(['--fast'], 'ref.py')).toThrow(/fast/);
  });

  it('takes --report with --runs N, and refuses a count that is not a whole number from 1', () => {
    expect(parseBenchOptions(['--report'], 'ref.py')).toMatchObject({ report: true, runs: 1000 });
    expect(parseBenchOptions(['--report', '--runs', '20'], 'ref.py')).toMatchObject({ report: true, runs: 20 });
    for (const bad of ['abc', '0', '-5', '2.5', '1e3', '']) {
      expect(() => parseBenchOptions(['--report', `--runs=${bad}`], 'ref.py')).toThrow(`--runs: expected an integer >= 1, got '${bad}'`);
    }
    expect(() => parseBenchOptions(['--runs', '20'], 'ref.py')).toThrow('--runs: goes with --report');
  });

  it('refuses two benchmarks at once rather than running one of them', () => {
    expect(() => parseBenchOptions(['--report', '--kernels'], 'ref.py')).toThrow('--kernels and --report are separate benchmarks: give one of them');
    expect(() => parseBenchOptions(['--queue', '--model', 'convnet'], 'ref.py')).toThrow('--queue and --model convnet are separate benchmarks');
    expect(parseBenchOptions(['--model', 'mlp', '--kernels'], 'ref.py')).toMatchObject({ kernels: true, model: 'mlp' });
  });

  it('takes --kernels, which its help describes, to time the first layer\'s kernels alone', () => {
    expect(parseBenchOptions(['--kernels', '--rounds', '2'], 'ref.py')).toMatchObject({ kernels: true, rounds: 2 });
    expect(parseBenchOptions([], 'ref.py').kernels).toBe(false);
    expect(BENCH_HELP).toMatch(/^ {2}--kernels {2,}time the first layer's kernels alone/m);
  });

  it('prints a kernel set\'s figures in a row', () => {
    expect(formatKernelFigures({ set: 'native-avx2', evaluationMs: 36.2, evaluationNs: 3.451, forwardNs: 3.8, gradientNs: 6.75 })).toBe(
      'native-avx2  evaluation   36.2 ms per 70,000 images, 3.45 ns per nonzero pixel; forward pass 3.80 ns, weight gradient 6.75 ns per nonzero pixel');
  });

  it('takes --queue, which its help describes, to time the Redis queue instead', () => {
    expect(parseBenchOptions(['--queue', '--quick'], 'ref.py')).toMatchObject({ queue: true, quick: true });
    expect(parseBenchOptions([], 'ref.py').queue).toBe(false);
    expect(BENCH_HELP).toMatch(/^ {2}--queue {2,}time the Redis queue/m);
  });
});
