import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../src/core/random/random.js';
import { permutation } from '../../src/core/random/shuffle.js';

// Written by test/fixtures/reference/numpy_random.py (see its README for versions).
interface Step { kind: string; args: number[]; values: number[] }
const readFixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url), 'utf8'));
const fixture: { seed: number; steps: Step[] } = readFixture('numpy-random-seed7.json');
// Written by test/fixtures/reference/numpy_randn_log.py.
const logFixture: { seed: number; count: number; sha256: string; differ: [number, number][] } =
  readFixture('numpy-randn-seed7-log.json');

function draw(random: Random, step: Step): number[] {
  const [a, b] = step.args;
  switch (step.kind) {
    case 'normal': return Array.from({ length: a }, () => random.normal());
    case 'uniform': return Array.from({ length: a }, () => random.uniform());
    case 'choice': return Array.from({ length: b }, () => random.int(a));
    case 'randint': return Array.from({ length: b }, () => random.int(a));
    case 'permutation': return Array.from(permutation(random, a));
    default: throw new Error(`unknown step ${step.kind}`);
  }
}

describe('the numpy generator', () => {
  it('draws exactly what NumPy legacy draws after np.random.seed(7), bit for bit, through randn, choice, random_sample, randint and permutation interleaved', () => {
    const random = createRandom('numpy', fixture.seed);
    for (const [i, step] of fixture.steps.entries()) {
      const got = draw(random, step);
      // === on doubles: the same IEEE bits (the JSON holds shortest round-trip reprs).
      const mismatches = got.flatMap((v, k) => (v === step.values[k] ? [] : [`#${k}: ${v} vs ${step.values[k]}`]));
      expect(mismatches, `step ${i} (${step.kind} ${step.args.join(', ')})`).toEqual([]);
      expect(got.length).toBe(step.values.length);
    }
  });

  it('starts afresh from the same seed, forgetting any cached normal', () => {
    const a = createRandom('numpy', 7);
    a.normal();
    const b = createRandom('numpy', 7);
    expect(b.normal()).toBe(fixture.steps[0].values[0]);
  });

  it('draws the seed network\'s 39700 initial normals bit for bit as NumPy does, glibc\'s log included (also at the 10 draws where glibc\'s log is not correctly rounded)', () => {
    const random = createRandom('numpy', logFixture.seed);
    const ours = Float64Array.from({ length: logFixture.count }, () => random.normal());
    expect(logFixture.differ).toHaveLength(10);
    for (const [i, numpyValue] of logFixture.differ) expect(ours[i], `draw ${i}`).toBe(numpyValue);
    const hash = createHash('sha256').update(new Uint8Array(ours.buffer)).digest('hex');
    expect(hash).toBe(logFixture.sha256);
  });
});
