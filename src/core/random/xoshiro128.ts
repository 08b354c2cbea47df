/**
 * The default generator: xoshiro128** 1.1 (Blackman and Vigna 2018, prng.di.unimi.it),
 * its 128-bit state filled from the seed by SplitMix64 (Steele, Lea and Flood 2014), as
 * the authors recommend. Normals by the polar method with the second value cached;
 * bounded integers by rejection (unbiased). 32-bit integer arithmetic only: the same
 * draws on every machine.
 */
import { checkBound, checkSeed } from './checks.js';
import { log } from './log.js';
import { PolarGaussian } from './polar.js';
import type { Random } from './source.js';

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64: the outputs that fill xoshiro's state, seeded by `seed`. */
function splitMix64(seed: number, count: number): bigint[] {
  let x = BigInt(seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}

export class Xoshiro128Random implements Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly gaussian = new PolarGaussian(() => this.uniform(), log);

  constructor(seed: number) {
    checkSeed(seed);
    const [a, b] = splitMix64(seed, 2);
    this.s0 = Number(a & 0xffffffffn);
    this.s1 = Number(a >> 32n);
    this.s2 = Number(b & 0xffffffffn);
    this.s3 = Number(b >> 32n);
    // SplitMix64 never yields an all-zero pair here, but xoshiro must not start at zero.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  state(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, ...this.gaussian.state()];
  }

  restore(state: readonly number[]): void {
    [this.s0, this.s1, this.s2, this.s3] = state;
    this.gaussian.restore(state.slice(4));
  }

  /** xoshiro128** next(): a 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** The polar method (as NumPy's), with a correctly rounded log so every machine agrees. */
  normal(): number {
    return this.gaussian.next();
  }

  /** Rejection: accept draws below the largest multiple of n that fits in 2^32. */
  int(n: number): number {
    checkBound(n);
    const limit = 0x100000000 - (0x100000000 % n);
    let x: number;
    do {
      x = this.nextUint32();
    } while (x >= limit);
    return x % n;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
