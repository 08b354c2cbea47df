/**
 * Settings ranked by what "best" means (select.ts). A setting is a grid point and trial: one
 * run, or one run per seed when `repeat` > 1, scored then by the mean over its seeds. Settings
 * rank by how their runs ended first (STATUS_RANK), then by score (nothing to score by: last
 * of their rank), then in plan order. Its best seed is the run that stands for a setting: the
 * star, the best run's section and the runs drawn up close.
 */
import type { RunResult, RunStatus } from '../results/types.js';

/** How a metric scores a run, and whether higher or lower is better. */
export interface Scorer {
  mode: 'max' | 'min';
  score(result: RunResult): number | null;
}

/** Where each way of ending ranks, lower first; a setting ranks by its worst seed. */
export const STATUS_RANK: Record<RunStatus, number> = {
  completed: 0,
  // stopped early at a rung, by its last measured value: below every trial that trained through
  pruned: 1,
  interrupted: 1,
  diverged: 2,
  failed: 3,
};

export interface Setting {
  /** Its runs, one per seed, in plan order. */
  runs: RunResult[];
  /** Its one run's score, or the mean over its seeds; null when a run has none. */
  score: number | null;
  /** Its best seed by the same score (the first of equals), or its first run when none has one. */
  best: RunResult;
  /** STATUS_RANK of its worst run. */
  rank: number;
}

/** The results grouped by setting (every varying value but `repeat`), in plan order. */
export function settingsOf(results: RunResult[]): RunResult[][] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = JSON.stringify(Object.entries(r.run.values).filter(([k]) => k !== 'repeat'));
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/** The settings of `results` from best to worst. */
export function rankSettings(results: RunResult[], scorer: Scorer): Setting[] {
  return rankGroups(settingsOf(results), scorer);
}

/** Runs from best to worst, each on its own (seeds of one setting among themselves). */
export function rankRuns(results: RunResult[], scorer: Scorer): RunResult[] {
  return rankGroups(results.map((r) => [r]), scorer).map((s) => s.best);
}

function rankGroups(groups: RunResult[][], scorer: Scorer): Setting[] {
  const better = (a: number, b: number): number => (scorer.mode === 'max' ? b - a : a - b);
  const settings = groups.map((runs, order) => {
    const scores = runs.map((r) => scorer.score(r));
    const scored = scores.filter((s): s is number => s !== null);
    let bestAt = 0;
    scores.forEach((s, i) => {
      if (s !== null && (scores[bestAt] === null || better(s, scores[bestAt]!) < 0)) bestAt = i;
    });
    return {
      order,
      setting: {
        runs,
        score: scored.length === runs.length ? mean(scored) : null,
        best: runs[bestAt],
        rank: Math.max(...runs.map((r) => STATUS_RANK[r.status])),
      },
    };
  });
  return settings
    .sort((a, b) =>
      a.setting.rank - b.setting.rank
      || Number(a.setting.score === null) - Number(b.setting.score === null)
      || (a.setting.score !== null && b.setting.score !== null ? better(a.setting.score, b.setting.score) : 0)
      || a.order - b.order)
    .map((s) => s.setting);
}

export function mean(values: number[]): number {
  return values.reduce((s, x) => s + x, 0) / values.length;
}

/** The sample standard deviation (n - 1), two passes; NaN for fewer than two values. */
export function sampleStd(values: number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1));
}
