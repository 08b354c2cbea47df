/**
 * A finished run, sent back through the queue as the job's return value, and checked by
 * the coordinator before anything is written: only the file names the run can have, sizes
 * bounded, the run files parse and describe exactly the planned run (its config hash
 * included), the CSVs parse. What is written is then what a local run writes.
 */
import { MODEL_BIN, MODEL_JSON } from '../model/format.js';
import { MODEL_SAFETENSORS } from '../model/safetensors.js';
import { mistakesFile } from '../analysis/mistakes-file.js';
import { runHash } from '../plan/hash.js';
import type { FileData } from '../results/atomic.js';
import { csvChanged, isProblem, parseRunFiles, recordedCsvSha256, RUN_FILES, runFileContents } from '../results/run-files.js';
import type { ExecutedRun } from '../schedule/executor.js';
import { queueMessages as m } from './messages.js';
import { evaluationNames } from '../spec/evaluation-slices.js';
import { modelBytes } from '../spec/budget.js';
import type { DatasetShape } from '../spec/dataset-sizes.js';
import { architectureOf } from '../spec/layers.js';
import type { PlannedRun } from '../spec/types.js';

/** Per file and for the whole run: a 784-1024-1024-10 float64 model is about 15 MB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_RUN_BYTES = 128 * 1024 * 1024;

/**
 * The first run whose saved model (its weights, at least) would be over MAX_FILE_BYTES, which
 * the coordinator would refuse after the worker trained it, with that many bytes and how many
 * such runs there are; null when none. `run --queue` refuses them before queueing.
 */
export function tooLargeForQueue(runs: readonly PlannedRun[], dataset: DatasetShape): { runId: string; bytes: number; count: number } | null {
  const large = runs.flatMap((run) => {
    const bytes = modelBytes(architectureOf(run.config.model, dataset.input, dataset.classes), run.config.training.precision);
    return bytes > MAX_FILE_BYTES ? [{ runId: run.id, bytes }] : [];
  });
  return large.length > 0 ? { ...large[0]!, count: large.length } : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The result format. 2: config.json records the SHA-256 of each CSV file's cells (results/
 * run-files.ts), which a coordinator checks; a worker of another version sends another.
 */
export const RESULT_FORMAT = 2;

export interface RunJobResult {
  format: typeof RESULT_FORMAT;
  runId: string;
  hash: string;
  seconds: number | null;
  /** Every file of the run's folder (the run files included), base64. */
  files: Record<string, string>;
}

export function encodeResult(executed: ExecutedRun): RunJobResult {
  const { result, files, seconds } = executed;
  const all: Record<string, FileData> = { ...files, ...runFileContents(result, files) };
  return {
    format: RESULT_FORMAT,
    runId: result.run.id,
    hash: result.run.hash,
    seconds,
    files: Object.fromEntries(Object.entries(all).map(([name, data]) => [name, Buffer.from(data).toString('base64')])),
  };
}

/** The files a run of this config may have: the run files, the model, and each evaluation slice's analysis files. */
function allowedFiles(run: PlannedRun): Set<string> {
  const slices = evaluationNames(run.config.data);
  return new Set([
    ...Object.values(RUN_FILES), MODEL_SAFETENSORS, MODEL_JSON, MODEL_BIN,
    ...slices.flatMap((s) => [`confusion-${s}.csv`, mistakesFile(s)]),
  ]);
}

/** The run's result and files when `value` is a sound result of `run`; the reason otherwise. */
export function checkResult(run: PlannedRun, value: unknown): ExecutedRun | string {
  const v = value as Partial<RunJobResult> | null;
  if (typeof v !== 'object' || v === null || !Number.isInteger(v.format)) return 'not a run result';
  if (v.format !== RESULT_FORMAT) return m.otherVersion('a result', Number(v.format), RESULT_FORMAT);
  if (v.runId !== run.id || v.hash !== run.hash) return `a result of run ${String(v.runId)} (${String(v.hash)}), expected ${run.id} (${run.hash})`;
  if (v.seconds !== null && !(typeof v.seconds === 'number' && Number.isFinite(v.seconds) && v.seconds >= 0)) return 'bad timing';
  if (typeof v.files !== 'object' || v.files === null) return 'no files';
  const allowed = allowedFiles(run);
  const bytes: Record<string, Buffer> = {};
  let total = 0;
  for (const [name, data] of Object.entries(v.files)) {
    if (!allowed.has(name)) return `unexpected file '${name.slice(0, 80)}'`;
    if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) return `${name} is not base64`;
    const size = (data.length / 4) * 3;
    total += size;
    if (size > MAX_FILE_BYTES || total > MAX_RUN_BYTES) return `${name} is too large`;
    bytes[name] = Buffer.from(data, 'base64');
  }
  const text = (name: string): string | undefined => bytes[name]?.toString('utf8');
  const parsed = parseRunFiles(Object.fromEntries(Object.values(RUN_FILES).map((n) => [n, text(n) ?? ''])));
  if (isProblem(parsed)) return `the run files are missing or do not parse: ${parsed.problem}`;
  if (parsed.status !== 'completed' && parsed.status !== 'diverged') return `a ${parsed.status} run`;
  if (runHash(parsed.run.config) !== run.hash) return 'config.json does not hash to the run\'s config hash';
  const files = Object.fromEntries(Object.entries(bytes).filter(([name]) => !Object.values<string>(RUN_FILES).includes(name)));
  // each analysis CSV parses, with the cells config.json records (parseRunFiles checked metrics.csv and evaluations.csv)
  const record = { csv_sha256: recordedCsvSha256(text(RUN_FILES.config)) ?? undefined };
  for (const name of Object.keys(files).filter((n) => n.endsWith('.csv'))) {
    let changed: string | null;
    try {
      changed = csvChanged(record, name, text(name)!);
    } catch {
      return `${name} does not parse as CSV`;
    }
    if (changed !== null) return changed;
  }
  const result = { ...parsed, run };
  // config.json's record of the CSV files' digests included: what a local run would write for these files
  const expected = runFileContents(result, files);
  for (const [name, content] of Object.entries(expected)) if (content !== text(name)) return `${name} does not describe the planned run`;
  return { result, files, seconds: v.seconds ?? null };
}
