/**
 * One run's results as file contents, and back: `metrics.csv` (iteration,loss),
 * `evaluations.csv` (iteration,epoch,<slice>_accuracy...; a cell is empty where its slice
 * was not measured, e.g. one measured only at the end) and `config.json` (the
 * planned run and how it ended, the SHA-256 of the cells of each CSV file the run wrote, and
 * that of its own fields, so that a number changed by hand is told from the run's own). Numbers use
 * `formatNumber` (NaN, Infinity, -Infinity).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../plan/hash.js';
import { evaluationNames } from '../spec/evaluation-slices.js';
import { isHoldOut } from '../spec/train-slice.js';
import type { PlannedRun } from '../spec/types.js';
import type { FileData } from './atomic.js';
import { notCsv, parseCsv, toCsv } from './csv.js';
import { formatNumber, parseNumber } from './numbers.js';
import { resultsMessages as m } from './messages.js';
import { isSafeId } from './safe-id.js';
import type { Evaluation, RunResult, RunStatus } from './types.js';

export const RUN_FILES = {
  metrics: 'metrics.csv',
  evaluations: 'evaluations.csv',
  config: 'config.json',
} as const;

const ACCURACY_SUFFIX = '_accuracy';
const STATUSES: RunStatus[] = ['completed', 'diverged', 'failed', 'interrupted', 'pruned'];

/**
 * config.json's format: 2 records the SHA-256 of the run's CSV files and of its own fields
 * (both required); 1, written before, has neither and is read as it was then.
 */
const CONFIG_FORMAT = 2;

/** What config.json holds; `iterations` and `evaluations` count the CSV rows, so a mismatch shows an incomplete folder. */
interface RunConfigFile {
  format: 1 | typeof CONFIG_FORMAT;
  id: string;
  hash: string;
  status: RunStatus;
  diverged_at: number | null;
  /** Pruned runs only (so the files of other runs keep their bytes): the rung they were ranked at. */
  pruned_at?: number;
  error: string | null;
  iterations: number;
  evaluations: number;
  values: Record<string, unknown>;
  config: PlannedRun['config'];
  /** File name -> csvSha256 of each CSV file the run wrote (format 2). */
  csv_sha256?: Record<string, string>;
  /** fieldsSha256 of the fields above (format 2). */
  fields_sha256?: string;
}

/**
 * The SHA-256 of config.json's fields but fields_sha256 itself, as canonical JSON (keys
 * sorted, numbers as JavaScript writes them): re-indenting the file or reordering its keys
 * leaves it as it was; a value changed by hand (a status, a pruned run's rung, a count)
 * does not.
 */
function fieldsSha256(config: Record<string, unknown>): string {
  const { fields_sha256: _, ...fields } = config;
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/**
 * The SHA-256 of a CSV file's cells (csv.ts's parseCsv: its header and rows, as JSON), not of
 * its bytes: a checkout that turns line endings into CRLF, or an editor that adds a byte-order
 * mark or drops the last line break, leaves it as it was; a cell changed, added or removed
 * does not. Throws when the text is not CSV.
 */
export function csvSha256(text: string): string {
  const { header, rows } = parseCsv(text);
  return tableSha256([header, ...rows]);
}

/** csvSha256 of a table parseCsv has read already: its header, then its rows. */
function tableSha256(records: string[][]): string {
  return createHash('sha256').update(JSON.stringify(records)).digest('hex');
}

/** The csvSha256 of each of the run's CSV files (isRunCsvName) among `files`, by name in order (none for one that is not CSV: whoever reads it refuses it). */
function csvDigests(files: Record<string, FileData>): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const name of Object.keys(files).filter(isRunCsvName).sort()) {
    try {
      digests[name] = csvSha256(files[name].toString());
    } catch {
      // not CSV: the coordinator (queue/job-result.ts) and the cache check each say so
    }
  }
  return digests;
}

/** The accuracy column name of an evaluation slice. */
export function accuracyColumn(slice: string): string {
  return `${slice}${ACCURACY_SUFFIX}`;
}

/**
 * The slice names of a run's evaluations: its config's, in the spec's order (a held-out part
 * first), whether or not the first evaluation measured them all (`every: end`); evaluations
 * of slices the config does not name (results put together by hand) keep their own order.
 */
export function sliceNames(result: RunResult): string[] {
  const names = evaluationNames(result.run.config.data);
  const measured = [...new Set(result.evaluations.flatMap((e) => Object.keys(e.accuracy)))];
  return measured.every((n) => names.includes(n)) ? names : measured;
}

/**
 * The run files of a result; config.json records the csvSha256 of theirs and of the CSV files
 * among `others`, the rest of the run's folder (confusion matrices, mistakes).
 */
export function runFileContents(result: RunResult, others: Record<string, FileData> = {}): Record<string, string> {
  const slices = sliceNames(result);
  const tables = {
    [RUN_FILES.metrics]: toCsv(
      ['iteration', 'loss'],
      result.losses.map((loss, i) => [String(i), formatNumber(loss)]),
    ),
    [RUN_FILES.evaluations]: toCsv(
      ['iteration', 'epoch', ...slices.map(accuracyColumn)],
      result.evaluations.map((e) => [
        String(e.iteration),
        formatNumber(e.epoch),
        ...slices.map((s) => (s in e.accuracy ? formatNumber(e.accuracy[s]) : '')),
      ]),
    ),
  };
  const config: RunConfigFile = {
    format: CONFIG_FORMAT,
    id: result.run.id,
    hash: result.run.hash,
    status: result.status,
    diverged_at: result.divergedAt,
    ...(result.status === 'pruned' ? { pruned_at: result.prunedAt } : {}),
    error: result.error,
    iterations: result.losses.length,
    evaluations: result.evaluations.length,
    values: result.run.values,
    config: result.run.config,
    csv_sha256: csvDigests({ ...others, ...tables }),
  };
  config.fields_sha256 = fieldsSha256({ ...config });
  return { ...tables, [RUN_FILES.config]: `${JSON.stringify(config, null, 2)}\n` };
}

/**
 * Rebuilds a RunResult from the three files' text (line endings and indentation as a
 * checkout or an editor may leave them), or says what is wrong: a missing file, text that
 * does not parse, a row count that differs from config.json's.
 */
export function parseRunFiles(files: Partial<Record<string, string>>): RunResult | { problem: string } {
  const config = parseConfig(files[RUN_FILES.config]);
  if (typeof config === 'string') return { problem: config };
  const metrics = table(files[RUN_FILES.metrics], RUN_FILES.metrics);
  const losses = typeof metrics === 'string' ? metrics : parseLosses(metrics);
  if (typeof losses === 'string') return { problem: losses };
  const evaluationRows = table(files[RUN_FILES.evaluations], RUN_FILES.evaluations);
  const evaluations = typeof evaluationRows === 'string' ? evaluationRows : parseEvaluations(evaluationRows);
  if (typeof evaluations === 'string') return { problem: evaluations };
  if (losses.length !== config.iterations) return { problem: m.rowCount(RUN_FILES.metrics, losses.length, config.iterations) };
  if (evaluations.length !== config.evaluations) return { problem: m.rowCount(RUN_FILES.evaluations, evaluations.length, config.evaluations) };
  // the tables just read are hashed: each file is parsed once
  const problem = unlikeRecord(config, RUN_FILES.metrics, () => tableSha256(metrics as string[][]))
    ?? unlikeRecord(config, RUN_FILES.evaluations, () => tableSha256(evaluationRows as string[][]));
  if (problem !== null) return { problem };
  return {
    run: { id: config.id, values: config.values, config: config.config, hash: config.hash },
    status: config.status,
    losses,
    evaluations,
    divergedAt: config.diverged_at,
    error: config.error,
    ...(config.status === 'pruned' ? { prunedAt: config.pruned_at } : {}),
  };
}

/**
 * Whether a CSV file of a run's folder is the one the run wrote, by the csvSha256 its
 * config.json records: null if it is (or the folder predates the record), else what is wrong.
 */
export function csvChanged(config: { csv_sha256?: Record<string, string> }, file: string, text: string): string | null {
  return unlikeRecord(config, file, () => csvSha256(text));
}

/** csvChanged, with the file's csvSha256 computed only where config.json has records (a file that is not CSV then throws). */
function unlikeRecord(config: { csv_sha256?: Record<string, string> }, file: string, digest: () => string): string | null {
  if (config.csv_sha256 === undefined) return null;
  // the digest first: a file that is not CSV says so (it throws), whether recorded or not
  const actual = digest();
  const recorded = Object.hasOwn(config.csv_sha256, file) ? config.csv_sha256[file] : undefined;
  if (recorded === undefined) return m.notRecorded(file);
  return actual === recorded ? null : m.changedByHand(file);
}

/**
 * The files among a run folder's `names` named as a run's CSV files are (isRunCsvName) that
 * its config.json's record does not name (none where there is no record): the runner writes
 * none it does not record, and the report would draw such an analysis file as the run's.
 * Other files (a user's notes.csv) are not the runner's to judge.
 */
export function unrecordedCsvFiles(config: { csv_sha256?: Record<string, string> }, names: readonly string[]): string[] {
  const recorded = config.csv_sha256;
  return recorded === undefined ? [] : names.filter((name) => isRunCsvName(name) && !Object.hasOwn(recorded, name));
}

/** The csvSha256 values config.json records (null: none, in a folder written before they were, or a config.json that does not parse). */
export function recordedCsvSha256(configText: string | undefined): Record<string, string> | null {
  const config = parseConfig(configText);
  return typeof config === 'string' ? null : config.csv_sha256 ?? null;
}

export function isProblem(value: RunResult | { problem: string }): value is { problem: string } {
  return 'problem' in value;
}

/** The config.json fields that must be there, each with what it should be. */
const CONFIG_FIELDS: [keyof RunConfigFile, string, (v: unknown) => boolean][] = [
  ['format', `1 or ${CONFIG_FORMAT}`, (v) => v === 1 || v === CONFIG_FORMAT],
  ['id', 'a safe run id', isSafeId],
  ['hash', 'a string', (v) => typeof v === 'string'],
  ['status', STATUSES.join(', '), (v) => STATUSES.includes(v as RunStatus)],
  ['diverged_at', 'an integer or null', (v) => v === null || Number.isInteger(v)],
  ['error', 'a string or null', (v) => v === null || typeof v === 'string'],
  ['iterations', 'an integer', (v) => Number.isInteger(v)],
  ['evaluations', 'an integer', (v) => Number.isInteger(v)],
  ['values', 'a mapping', isMapping],
  ['config', 'a run config', isRunConfig],
];

function parseConfig(text: string | undefined): RunConfigFile | string {
  if (text === undefined) return m.missingFile(RUN_FILES.config);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return m.notJson(RUN_FILES.config);
  }
  if (!isMapping(value)) return m.notRunConfig(RUN_FILES.config, 'not a JSON object');
  for (const [field, expected, ok] of CONFIG_FIELDS) {
    if (!ok(value[field])) return m.notRunConfig(RUN_FILES.config, `expected "${field}" to be ${expected}`);
  }
  if (value.status === 'pruned' && !Number.isInteger(value.pruned_at)) return m.notRunConfig(RUN_FILES.config, 'expected "pruned_at" to be an integer');
  // format 1 predates the records: it has none, and is read as it was then; format 2 must have both
  const records = value.format === CONFIG_FORMAT;
  if (records ? !isDigestTable(value.csv_sha256) : value.csv_sha256 !== undefined) {
    return m.notRunConfig(RUN_FILES.config, records ? 'expected "csv_sha256" to map the run\'s CSV file names to SHA-256 digests' : 'a format 1 config.json has no "csv_sha256"');
  }
  if (records ? !isDigest(value.fields_sha256) : value.fields_sha256 !== undefined) {
    return m.notRunConfig(RUN_FILES.config, records ? 'expected "fields_sha256" to be a SHA-256 digest' : 'a format 1 config.json has no "fields_sha256"');
  }
  if (records && fieldsSha256(value) !== value.fields_sha256) return m.configChangedByHand(RUN_FILES.config);
  return value as unknown as RunConfigFile;
}

function isDigestTable(v: unknown): boolean {
  return isMapping(v) && Object.entries(v).every(([name, digest]) => isRunCsvName(name) && isDigest(digest));
}

/**
 * Whether a name is one a run's CSV file can have: metrics.csv, evaluations.csv, or an
 * analysis file of a slice (confusion-<slice>.csv, mistakes-<slice>.csv; slice names are
 * letters, digits, '-', '_' and '.'), so never a path out of the run's folder.
 */
export function isRunCsvName(name: string): boolean {
  return name === RUN_FILES.metrics || name === RUN_FILES.evaluations || /^(?:confusion|mistakes)-[A-Za-z0-9_.-]+\.csv$/.test(name);
}

function isDigest(v: unknown): boolean {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The parts of a RunConfig that the runner and the report read. */
function isRunConfig(v: unknown): boolean {
  if (!isMapping(v)) return false;
  const { data, model, training } = v;
  return isMapping(data) && isMapping(data.evaluate) && Object.values(data.evaluate).every(isSlice) && isSlice(data.train) && isMapping(data.train) && isHoldOut(data.train.hold_out) &&
    isMapping(model) && isMapping(training) && Number.isInteger(training.iterations) && Number.isInteger(training.batch_size);
}

function isSlice(v: unknown): boolean {
  return isMapping(v) && (v.split === 'train' || v.split === 'test') && Number.isInteger(v.start) && Number.isInteger(v.end);
}

function table(text: string | undefined, file: string): string[][] | string {
  if (text === undefined) return m.missingFile(file);
  try {
    const { header, rows } = parseCsv(text);
    return [header, ...rows];
  } catch (error) {
    return m.badCsv(file, notCsv(error));
  }
}

function numbers(row: string[]): number[] | null {
  const parsed = row.map(parseNumber);
  return parsed.every((x): x is number => x !== null) ? parsed : null;
}

function parseLosses(rows: string[][]): number[] | string {
  const file = RUN_FILES.metrics;
  // `table` always gives a header (empty for empty text), and csv-parse refuses a row of
  // another length than the header's: each row below has two cells
  if (rows[0].join(',') !== 'iteration,loss') return m.badCsv(file, 'the header iteration,loss');
  const losses: number[] = [];
  for (const [i, row] of rows.slice(1).entries()) {
    const cells = numbers(row);
    if (!cells || cells[0] !== i) return m.badCsv(file, `row ${i + 2} to be ${i},<loss>`);
    losses.push(cells[1]);
  }
  return losses;
}

function parseEvaluations(rows: string[][]): Evaluation[] | string {
  const file = RUN_FILES.evaluations;
  const header = rows[0];
  const expected = 'the header iteration,epoch,<slice>_accuracy...';
  if (header[0] !== 'iteration' || header[1] !== 'epoch') return m.badCsv(file, expected);
  const columns = header.slice(2);
  if (!columns.every((c) => c.endsWith(ACCURACY_SUFFIX))) return m.badCsv(file, expected);
  const slices = columns.map((c) => c.slice(0, -ACCURACY_SUFFIX.length));
  const evaluations: Evaluation[] = [];
  for (const [i, row] of rows.slice(1).entries()) {
    // an empty accuracy cell: that slice was not measured at this point
    const measured = row.map((cell, k) => k < 2 || cell !== '');
    const cells = numbers(row.map((cell, k) => (measured[k] ? cell : '0')));
    if (!cells) return m.badCsv(file, `numbers in row ${i + 2}`);
    const accuracy: Record<string, number> = {};
    slices.forEach((s, k) => {
      if (measured[k + 2]) accuracy[s] = cells[k + 2];
    });
    evaluations.push({ iteration: cells[0], epoch: cells[1], accuracy });
  }
  return evaluations;
}
