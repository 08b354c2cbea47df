/**
 * `run-experiments compare SOURCE... --out DIR`: runs of several experiments side by side,
 * as a report you can commit:
 *   1. read and check every source (sources.ts);
 *   2. draw the loss and accuracy charts across the runs, each run one line named
 *      `experiment/run` (the experiments' charts, on an input whose compared key is the run);
 *   3. write DIR whole, atomically: README.md, runs.csv, compare.json (the sources, so the
 *      folder can be drawn again) and charts/ (each SVG with its .vl.json).
 * DIR is replaced only when it is absent, empty or holds only what `compare` writes.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunResult } from '../../results/types.js';
import { writeFolderAtomic } from '../../results/atomic.js';
import { evaluationNames, evaluationSlice } from '../../spec/evaluation-slices.js';
import type { ExperimentSpec, SelectSpec } from '../../spec/types.js';
import { specText, SVG, VEGA_LITE } from '../chart-file.js';
import { reportMessages } from '../messages.js';
import { ResultsFolderError } from '../render-from-disk.js';
import { comparisonCharts } from '../render-report.js';
import { renderSvg } from '../render-svg.js';
import type { ReportInput } from '../report-input.js';
import { compareReadme, compareRunsCsv } from './compare-files.js';
import { readSources, type ComparedRun } from './sources.js';

export const COMPARE_FILE = 'compare.json';
/** The compared key of the comparison's charts: each run is its own line. */
export const RUN_KEY = 'run';

export async function writeComparison(sources: string[], outDir: string, cwd: string): Promise<{ runs: number; charts: number }> {
  if (sources.length === 0) throw new ResultsFolderError(reportMessages.compareNothing);
  const out = resolve(cwd, outDir);
  checkOut(out, outDir);
  const runs = readSources(sources, cwd);
  const input = comparisonInput(runs);
  const files: Record<string, string> = {};
  const charts = comparisonCharts(input);
  for (const chart of charts) {
    files[chart.path + SVG] = await renderSvg(chart.spec);
    files[chart.path + VEGA_LITE] = specText(chart.spec);
  }
  files['runs.csv'] = compareRunsCsv(runs, slicesOfAll(runs));
  files['README.md'] = compareReadme(runs, slicesOfAll(runs), sources, outDir, charts.map((c) => ({ title: c.title, path: c.path + SVG })));
  files[COMPARE_FILE] = `${JSON.stringify({ format: 1, sources, runs: runs.map((r) => ({ label: r.label, dir: r.dir, hash: r.result.run.hash })) }, null, 2)}\n`;
  writeFolderAtomic(out, files);
  return { runs: runs.length, charts: charts.length };
}

/** The files `compare` writes at the top of its folder; its charts go in CHARTS. */
const TOP_FILES = new Set(['README.md', 'runs.csv', COMPARE_FILE]);
const CHARTS = 'charts';

/**
 * A folder `compare` may replace: absent, empty, or one holding nothing but what compare
 * writes, with a compare.json that reads as a comparison. Replacing swaps the whole folder,
 * so anything else in it (a user's notes, an experiment's runs) would be lost.
 */
function checkOut(out: string, given: string): void {
  const stat = statSync(out, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) throw new ResultsFolderError(reportMessages.compareOutNotFolder(given));
  const entries = readdirSync(out, { withFileTypes: true });
  if (entries.length === 0) return;
  const foreign = (e: Dirent, isOurs: (name: string) => boolean): boolean => !e.isFile() || !isOurs(e.name);
  for (const e of entries) {
    if (e.isDirectory() && e.name === CHARTS) {
      const chart = readdirSync(join(out, CHARTS), { withFileTypes: true }).find((c) => foreign(c, (name) => name.endsWith(SVG) || name.endsWith(VEGA_LITE)));
      if (chart) throw new ResultsFolderError(reportMessages.compareOutTaken(given, `${CHARTS}/${chart.name}`));
    } else if (foreign(e, (name) => TOP_FILES.has(name))) throw new ResultsFolderError(reportMessages.compareOutTaken(given, e.name));
  }
  if (!isComparisonRecord(join(out, COMPARE_FILE))) throw new ResultsFolderError(reportMessages.compareOutUnrecorded(given, COMPARE_FILE));
}

/** Whether `path` is a compare.json as writeComparison writes it. */
function isComparisonRecord(path: string): boolean {
  try {
    const record: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof record === 'object' && record !== null && (record as { format?: unknown }).format === 1 &&
      Array.isArray((record as { sources?: unknown }).sources) && Array.isArray((record as { runs?: unknown }).runs);
  } catch {
    return false;
  }
}

/** The evaluation slices of every compared run, in first-seen order. */
export function slicesOfAll(runs: ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => evaluationNames(r.result.run.config.data)))];
}

/**
 * The runs as one experiment whose only varying key is the run's label. A comparison names no
 * best run; past a dozen runs its charts draw the best few, by the experiments' report.select
 * when they all name the same one, else by the judged slice's accuracy.
 */
export function comparisonInput(runs: ComparedRun[]): ReportInput {
  // the first experiment's settings, but not its search: the compared runs have no searched values (each is its label)
  const { search: _search, ...first } = runs[0].experiment.spec;
  // every run's slices, held-out parts included, as named ranges: the report reads their names and splits
  const evaluate = Object.fromEntries(slicesOfAll(runs).map((s) => {
    const { split, start, end } = runs.map((r) => evaluationSlice(r.result.run.config.data, s)).find((x) => x !== undefined)!;
    return [s, { split, start, end }];
  }));
  const { split, start, end } = first.data.train;
  const spec: ExperimentSpec = {
    ...first,
    name: 'comparison',
    data: { ...first.data, train: { split, start, end }, evaluate },
    grid: { [RUN_KEY]: runs.map((r) => r.label) },
    repeat: 1,
    report: { compare: RUN_KEY, ...sharedSelect(runs) },
  };
  const results: RunResult[] = runs.map((r) => ({ ...r.result, run: { ...r.result.run, id: r.label, values: { [RUN_KEY]: r.label } } }));
  return { spec, varying: [RUN_KEY], results };
}

/** `{ select }` when every compared run's experiment names the same report.select, else nothing. */
function sharedSelect(runs: ComparedRun[]): { select?: SelectSpec } {
  const selects = runs.map((r) => r.experiment.spec.report.select);
  const first = selects[0];
  return first && selects.every((s) => s?.metric === first.metric && s.mode === first.mode) ? { select: first } : {};
}
