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
  /** Median seconds of ours on one thread, and on all cores where measured. */
  oursSeconds: number;
  oursAllCoresSeconds: number | null;
  /** Median seconds of NumPy on its default BLAS threads and on one, where measured. */
  numpySeconds: { default: number | null; one: number | null };
  /**
   * NumPy's time over ours (how many times faster ours is): `default` and `one` for ours on
   * one thread against NumPy on its default threads and on one; `allCores` for ours on all
   * cores against NumPy on its default threads (which use all cores too).
   */
  ratio: { default: number | null; one: number | null; allCores: number | null };
  line: string;
}

export function benchSummary(ours: Timing[], reference: NumpyRun[], oursAllCores: Timing[] = []): BenchSummary {
  const oursSeconds = median(ours.map((t) => t.trainSeconds));
  const oursAllCoresSeconds = oursAllCores.length ? median(oursAllCores.map((t) => t.trainSeconds)) : null;
  const of = (threads: NumpyRun['threads']): number | null => {
    const runs = reference.filter((r) => r.threads === threads);
    return runs.length ? median(runs.map((r) => r.trainSeconds)) : null;
  };
  const numpySeconds = { default: of('default'), one: of('1') };
  const over = (numpy: number | null, us: number | null): number | null => (numpy === null || us === null ? null : numpy / us);
  const ratio = {
    default: over(numpySeconds.default, oursSeconds),
    one: over(numpySeconds.one, oursSeconds),
    allCores: over(numpySeconds.default, oursAllCoresSeconds),
  };
  const x = (r: number): string => `${r.toFixed(1)}x`;
  const lines = [`ours ${oursSeconds.toFixed(1)} s on one thread${oursAllCoresSeconds === null ? '' : `, ${oursAllCoresSeconds.toFixed(1)} s on all cores`}`];
  if (numpySeconds.default === null && numpySeconds.one === null) lines[0] += ' (NumPy not measured)';
  if (ratio.one !== null) lines.push(`one thread against NumPy on one thread (${numpySeconds.one!.toFixed(1)} s): ${x(ratio.one)} faster`);
  if (ratio.default !== null) lines.push(`one thread against NumPy on its default threads (${numpySeconds.default!.toFixed(1)} s): ${x(ratio.default)} faster`);
  if (ratio.allCores !== null) lines.push(`all cores against NumPy on its default threads (${numpySeconds.default!.toFixed(1)} s): ${x(ratio.allCores)} faster`);
  return { oursSeconds, oursAllCoresSeconds, numpySeconds, ratio, line: lines.join('\n') };
}

export interface SetFigures {
  set: string;
  seconds: number;
  /** NumPy's time over this set's, on one thread and on its default threads, where measured. */
  ratio: { one: number | null; default: number | null };
}

/**
 * One line per kernel set timed on one thread: the default set (`inUse`, whose runs are
 * `ours`) first, then the others, each with its median and how many times faster it is
 * than NumPy.
 */
export function setsSummary(inUse: string, ours: Timing[], perSet: Map<string, Timing[]>,
  numpySeconds: BenchSummary['numpySeconds']): { sets: SetFigures[]; line: string } {
  const figures = (set: string, runs: Timing[]): SetFigures => {
    const seconds = median(runs.map((t) => t.trainSeconds));
    const over = (numpy: number | null): number | null => (numpy === null ? null : numpy / seconds);
    return { set, seconds, ratio: { one: over(numpySeconds.one), default: over(numpySeconds.default) } };
  };
  const sets = [figures(inUse, ours), ...[...perSet].map(([set, runs]) => figures(set, runs))];
  const x = (r: number | null, what: string): string => (r === null ? '' : `, ${r.toFixed(1)}x NumPy ${what}`);
  const line = ['per kernel set, one thread:',
    ...sets.map((s) => `  ${s.set}: ${s.seconds.toFixed(1)} s${x(s.ratio.one, 'on one thread')}${x(s.ratio.default, 'on its default threads')}`)];
  return { sets, line: line.join('\n') };
}

/** Ours on one thread against PyTorch on one thread (medians). */
export function torchLine(oursSeconds: number, torch: Timing[]): string {
  const seconds = median(torch.map((t) => t.trainSeconds));
  return `one thread against PyTorch on one thread (${seconds.toFixed(1)} s): ${(seconds / oursSeconds).toFixed(1)}x faster`;
}
