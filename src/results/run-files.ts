/**
 * One run's results as file contents, and back: `metrics.csv` (iteration,loss),
 * `evaluations.csv` (iteration,epoch,<slice>_accuracy...) and `config.json` (the
 * planned run and how it ended). Numbers use `formatNumber` (NaN, Infinity, -Infinity).
 */
import type { PlannedRun } from '../spec/types.js';
import { parseCsv, toCsv } from './csv.js';
import { formatNumber, parseNumber } from './numbers.js';
import type { Evaluation, RunResult, RunStatus } from './types.js';

export const RUN_FILES = {
  metrics: 'metrics.csv',
  evaluations: 'evaluations.csv',
  config: 'config.json',
} as const;

const ACCURACY_SUFFIX = '_accuracy';
const STATUSES: RunStatus[] = ['completed', 'diverged', 'failed', 'interrupted'];

/** What config.json holds; `iterations` and `evaluations` count the CSV rows, so a mismatch shows an incomplete folder. */
interface RunConfigFile {
  format: 1;
  id: string;
  hash: string;
  status: RunStatus;
  diverged_at: number | null;
  error: string | null;
  iterations: number;
  evaluations: number;
  values: Record<string, unknown>;
  config: PlannedRun['config'];
}

/** The accuracy column name of an evaluation slice. */
export function accuracyColumn(slice: string): string {
  return `${slice}${ACCURACY_SUFFIX}`;
}

/** The slice names in a run's evaluations, in the spec's order. */
export function sliceNames(result: RunResult): string[] {
  const first = result.evaluations[0];
  return first ? Object.keys(first.accuracy) : Object.keys(result.run.config.data.evaluate);
}

export function runFileContents(result: RunResult): Record<string, string> {
  const slices = sliceNames(result);
  const config: RunConfigFile = {
    format: 1,
    id: result.run.id,
    hash: result.run.hash,
    status: result.status,
    diverged_at: result.divergedAt,
    error: result.error,
    iterations: result.losses.length,
    evaluations: result.evaluations.length,
    values: result.run.values,
    config: result.run.config,
  };
  return {
    [RUN_FILES.metrics]: toCsv(
      ['iteration', 'loss'],
      result.losses.map((loss, i) => [String(i), formatNumber(loss)]),
    ),
    [RUN_FILES.evaluations]: toCsv(
      ['iteration', 'epoch', ...slices.map(accuracyColumn)],
      result.evaluations.map((e) => [
        String(e.iteration),
        formatNumber(e.epoch),
        ...slices.map((s) => formatNumber(e.accuracy[s] ?? NaN)),
      ]),
    ),
    [RUN_FILES.config]: `${JSON.stringify(config, null, 2)}\n`,
  };
}

/** Rebuilds a RunResult from the three files' text, or null when they are incomplete or not ours. */
export function parseRunFiles(files: Record<string, string>): RunResult | null {
  const config = parseConfig(files[RUN_FILES.config]);
  if (!config) return null;
  const losses = parseLosses(files[RUN_FILES.metrics]);
  const evaluations = parseEvaluations(files[RUN_FILES.evaluations]);
  if (!losses || !evaluations) return null;
  if (losses.length !== config.iterations || evaluations.length !== config.evaluations) return null;
  return {
    run: { id: config.id, values: config.values, config: config.config, hash: config.hash },
    status: config.status,
    losses,
    evaluations,
    divergedAt: config.diverged_at,
    error: config.error,
  };
}

function parseConfig(text: string | undefined): RunConfigFile | null {
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const c = value as Partial<RunConfigFile> | null;
  const ok =
    typeof c === 'object' && c !== null && c.format === 1 &&
    typeof c.id === 'string' && typeof c.hash === 'string' &&
    STATUSES.includes(c.status as RunStatus) &&
    (c.diverged_at === null || Number.isInteger(c.diverged_at)) &&
    (c.error === null || typeof c.error === 'string') &&
    Number.isInteger(c.iterations) && Number.isInteger(c.evaluations) &&
    typeof c.values === 'object' && c.values !== null &&
    typeof c.config === 'object' && c.config !== null;
  return ok ? (c as RunConfigFile) : null;
}

function table(text: string | undefined): string[][] | null {
  if (text === undefined) return null;
  try {
    const { header, rows } = parseCsv(text);
    return [header, ...rows];
  } catch {
    return null;
  }
}

function numbers(row: string[]): number[] | null {
  const parsed = row.map(parseNumber);
  return parsed.every((x): x is number => x !== null) ? parsed : null;
}

function parseLosses(text: string | undefined): number[] | null {
  const rows = table(text);
  if (!rows || rows[0]?.join(',') !== 'iteration,loss') return null;
  const losses: number[] = [];
  for (const [i, row] of rows.slice(1).entries()) {
    const cells = numbers(row);
    if (!cells || cells[0] !== i) return null;
    losses.push(cells[1]);
  }
  return losses;
}

function parseEvaluations(text: string | undefined): Evaluation[] | null {
  const rows = table(text);
  const header = rows?.[0];
  if (!rows || !header || header[0] !== 'iteration' || header[1] !== 'epoch') return null;
  const columns = header.slice(2);
  if (!columns.every((c) => c.endsWith(ACCURACY_SUFFIX))) return null;
  const slices = columns.map((c) => c.slice(0, -ACCURACY_SUFFIX.length));
  const evaluations: Evaluation[] = [];
  for (const row of rows.slice(1)) {
    const cells = numbers(row);
    if (!cells) return null;
    const accuracy: Record<string, number> = {};
    slices.forEach((s, k) => (accuracy[s] = cells[k + 2]));
    evaluations.push({ iteration: cells[0], epoch: cells[1], accuracy });
  }
  return evaluations;
}
