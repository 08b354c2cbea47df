/**
 * Random search: each trial's values drawn from the search's seed alone.
 *
 * Value v of trial t for key k comes from its own uniform number, the first 53 bits of
 * SHA-256("<seed>/<t>/<k>") over 2^53. So a trial's values do not depend on how many trials
 * there are (raising `trials` keeps the first N, and their cached results), on the other
 * keys of the space, on the order anything runs in, or on the machine: SHA-256 and the
 * arithmetic below are exact, and the log-uniform draws are rounded to 4 significant
 * digits, which also makes them readable.
 */
import { createHash } from 'node:crypto';

export type Distribution =
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  /** Integers lo..hi, inclusive, equally likely. */
  | { int: [number, number] }
  /** Integers lo..hi, inclusive, uniform in log space (each octave as likely). */
  | { logint: [number, number] }
  | { choice: unknown[] };

export type DistributionKind = 'uniform' | 'loguniform' | 'int' | 'logint' | 'choice';

export const DISTRIBUTION_KINDS: readonly DistributionKind[] = ['uniform', 'loguniform', 'int', 'logint', 'choice'];

/** Dotted spec key -> its distribution, in the spec's order. */
export type SearchSpace = Record<string, Distribution>;

export function kindOf(distribution: Distribution): DistributionKind {
  return Object.keys(distribution)[0] as DistributionKind;
}

/** A uniform number in [0, 1) that depends only on its three labels. */
export function uniformFor(seed: number, trial: number, key: string): number {
  const digest = createHash('sha256').update(`${seed}/${trial}/${key}`).digest();
  const high = digest.readUInt32BE(0) >>> 11; // 21 bits
  const low = digest.readUInt32BE(4); // 32 bits
  return (high * 2 ** 32 + low) / 2 ** 53;
}

const SIGNIFICANT_DIGITS = 4;

function rounded(value: number): number {
  return Number(value.toPrecision(SIGNIFICANT_DIGITS));
}

/** The value a uniform number u in [0, 1) stands for. */
export function valueAt(distribution: Distribution, u: number): unknown {
  if ('choice' in distribution) return distribution.choice[Math.floor(u * distribution.choice.length)];
  if ('uniform' in distribution) {
    const [lo, hi] = distribution.uniform;
    return rounded(lo + u * (hi - lo));
  }
  if ('loguniform' in distribution) {
    const [lo, hi] = distribution.loguniform;
    return clamp(rounded(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)))), lo, hi);
  }
  if ('int' in distribution) {
    const [lo, hi] = distribution.int;
    return lo + Math.floor(u * (hi - lo + 1));
  }
  const [lo, hi] = distribution.logint;
  // equal mass per unit of log over [lo, hi + 1), floored: every integer in lo..hi can come out
  return Math.min(hi, Math.floor(Math.exp(Math.log(lo) + u * (Math.log(hi + 1) - Math.log(lo)))));
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** The values of trials 0..trials-1, each keyed as the space is. */
export function drawTrials(space: SearchSpace, seed: number, trials: number): Record<string, unknown>[] {
  return Array.from({ length: trials }, (_, t) =>
    Object.fromEntries(Object.entries(space).map(([key, distribution]) => [key, valueAt(distribution, uniformFor(seed, t, key))])),
  );
}

/** `t007`: three digits at least, so ids keep their width (and folders their names) as trials grow. */
export function trialId(trial: number): string {
  return `t${String(trial).padStart(3, '0')}`;
}

/** What is wrong with a distribution's bounds, or null: which bound, and why. */
export function distributionProblem(distribution: Distribution): { bound: 0 | 1 | null; message: string } | null {
  if ('choice' in distribution) {
    return distribution.choice.length === 0 ? { bound: null, message: searchMessages.emptyChoice() } : null;
  }
  const kind = kindOf(distribution);
  const [lo, hi] = (distribution as Record<string, [number, number]>)[kind];
  if ((kind === 'int' || kind === 'logint') && !Number.isInteger(lo)) return { bound: 0, message: searchMessages.notInteger(kind, lo) };
  if ((kind === 'int' || kind === 'logint') && !Number.isInteger(hi)) return { bound: 1, message: searchMessages.notInteger(kind, hi) };
  if ((kind === 'loguniform' || kind === 'logint') && lo <= 0) return { bound: 0, message: searchMessages.logBound(kind, lo) };
  if (lo >= hi) return { bound: 1, message: searchMessages.emptyRange(kind, lo, hi) };
  return null;
}

export const searchMessages = {
  emptyChoice: () => 'choice needs at least one value',
  notInteger: (kind: DistributionKind, value: number) => `${kind} bounds must be integers, got ${value}`,
  logBound: (kind: DistributionKind, value: number) =>
    `${kind} bounds must be greater than 0 (they are values, not exponents: 1.0e-6, not -6), got ${value}`,
  emptyRange: (kind: DistributionKind, lo: number, hi: number) => `${kind} needs its low bound below its high bound, got [${lo}, ${hi}]`,
};
