/** The bench's lines: pure, so the tests check them. */
import type { NumpyRun } from './numpy.js';
import type { Timing } from './ours.js';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function formatRow(name: string, t: Timing): string {
  const accuracy = t.testAccuracy === null ? '' : `, test accuracy ${t.testAccuracy.toFixed(4)}`;
  return `${name.padEnd(30)} ${t.trainSeconds.toFixed(2).padStart(7)} s  ` +
    `${Math.round(t.iterations / t.trainSeconds).toString().padStart(6)} it/s  ` +
    `${(t.imagesEvaluated / t.trainSeconds / 1e6).toFixed(2).padStart(6)} M images evaluated/s  ` +
    `(load ${t.loadSeconds.toFixed(2)} s${accuracy})`;
}

export interface BenchSummary {
  oursSeconds: number;
  /** Median seconds of NumPy on its default BLAS threads and on one, where measured. */
  numpySeconds: { default: number | null; one: number | null };
  /** NumPy's time over ours (how many times faster ours is). */
  ratio: { default: number | null; one: number | null };
  line: string;
}

export function benchSummary(ours: Timing[], reference: NumpyRun[]): BenchSummary {
  const oursSeconds = median(ours.map((t) => t.trainSeconds));
  const of = (threads: NumpyRun['threads']): number | null => {
    const runs = reference.filter((r) => r.threads === threads);
    return runs.length ? median(runs.map((r) => r.trainSeconds)) : null;
  };
  const numpySeconds = { default: of('default'), one: of('1') };
  const ratio = {
    default: numpySeconds.default === null ? null : numpySeconds.default / oursSeconds,
    one: numpySeconds.one === null ? null : numpySeconds.one / oursSeconds,
  };
  const parts = [`ours ${oursSeconds.toFixed(1)} s`];
  if (ratio.default !== null) parts.push(`numpy ${numpySeconds.default!.toFixed(1)} s (${ratio.default.toFixed(1)}x)`);
  if (ratio.one !== null) parts.push(`numpy on one thread ${numpySeconds.one!.toFixed(1)} s (${ratio.one.toFixed(1)}x)`);
  const line = ratio.default === null
    ? `${parts[0]} (NumPy not measured)`
    : `${parts.join(', ')}: ours is ${ratio.default.toFixed(1)}x faster than NumPy as it runs by default`;
  return { oursSeconds, numpySeconds, ratio, line };
}
