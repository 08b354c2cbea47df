import { describe, expect, it } from 'vitest';
import { createRandom, MAX_SEED } from '../../src/core/random/random.js';
import { randomMessages } from '../../src/core/random/messages.js';
import { permutation, shuffle } from '../../src/core/random/shuffle.js';
import { Xoshiro128Random } from '../../src/core/random/xoshiro128.js';

const draws = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('the default generator (xoshiro128** seeded by SplitMix64)', () => {
  it('produces the 32-bit outputs of the published C code (test/fixtures/reference/xoshiro128ss.c)', () => {
    const expected: Record<number, number[]> = {
      0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774, 3260698944, 2754151956],
      7: [1801096769, 1554325924, 2992800842, 3588980540, 2077056966, 1036808551, 3328125478, 318019494],
      4294967295: [331202089, 2303545133, 2732085799, 1755962312, 20464611, 435992899, 115300070, 2552219694],
    };
    for (const [seed, outputs] of Object.entries(expected)) {
      const random = new Xoshiro128Random(Number(seed));
      expect(draws(8, () => random.nextUint32())).toEqual(outputs);
    }
  });

  it('repeats itself exactly from the same seed, and differs from another seed', () => {
    const sample = (seed: number) => {
      const r = createRandom('default', seed);
      return [...draws(5, () => r.uniform()), ...draws(5, () => r.normal()), ...draws(5, () => r.int(10000))];
    };
    expect(sample(42)).toEqual(sample(42));
    expect(sample(43)).not.toEqual(sample(42));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12 (100000 draws, within 0.005)', () => {
    const r = createRandom('default', 1);
    const u = draws(100_000, () => r.uniform());
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const variance = u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.005);
  });

  it('draws normals with mean 0, variance 1 and 95.45% within two deviations (100000 draws)', () => {
    const r = createRandom('default', 2);
    const z = draws(100_000, () => r.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    const withinTwo = z.filter((v) => Math.abs(v) < 2).length / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.015); // 5 standard errors (1/sqrt(1e5) = 0.0032)
    expect(Math.abs(variance - 1)).toBeLessThan(0.025); // ~5 standard errors (sqrt(2/1e5) = 0.0045)
    expect(Math.abs(withinTwo - 0.9545)).toBeLessThan(0.004);
  });

  it('draws bounded integers uniformly: each of 10 values 10000 +- 500 times in 100000 draws', () => {
    const r = createRandom('default', 3);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // 5 s.d. (95)
  });

  it('draws integers below bounds that are not powers of two without bias, up to 2^32', () => {
    const r = createRandom('default', 4);
    const big = 3 * 2 ** 30; // rejection matters most here: a naive modulo would favour the low third
    const lowThird = draws(30_000, () => r.int(big)).filter((v) => v < 2 ** 30).length / 30_000;
    expect(Math.abs(lowThird - 1 / 3)).toBeLessThan(0.015);
    expect(draws(100, () => r.int(2 ** 32)).every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
    expect(r.int(1)).toBe(0);
  });
});

describe('creating a generator', () => {
  it('refuses a seed that is not an integer in 0..2^32-1', () => {
    for (const seed of [-1, 1.5, MAX_SEED + 1, Number.NaN]) {
      expect(() => createRandom('default', seed)).toThrow(randomMessages.badSeed(seed));
      expect(() => createRandom('numpy', seed)).toThrow(randomMessages.badSeed(seed));
    }
  });

  it('refuses an unknown kind and a bound that is not an integer in 1..2^32', () => {
    expect(() => createRandom('mersenne' as never, 1)).toThrow(randomMessages.unknownKind('mersenne'));
    for (const kind of ['default', 'numpy'] as const) {
      const r = createRandom(kind, 1);
      for (const n of [0, 2.5, 2 ** 32 + 1]) expect(() => r.int(n)).toThrow(randomMessages.badBound(n));
    }
  });
});

describe('shuffling', () => {
  it('permutes 0..n-1 and shuffles arrays in place, with either generator', () => {
    for (const kind of ['default', 'numpy'] as const) {
      const p = permutation(createRandom(kind, 5), 1000);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      const items = [1, 2, 3, 4, 5];
      expect(shuffle(createRandom(kind, 5), items)).toBe(items);
      expect([...items].sort()).toEqual([1, 2, 3, 4, 5]);
    }
    expect(permutation(createRandom('default', 5), 0).length).toBe(0);
    expect(() => permutation(createRandom('default', 5), -1)).toThrow(randomMessages.badPermutationSize(-1));
  });
});
