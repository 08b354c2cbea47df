/**
 * Whether the report on disk is the one this rerun would draw, without drawing it. The report
 * is a function of its inputs: the spec and its runs (ids and config hashes), the bytes of
 * every run folder (their digests, results/verified-runs.ts: known only for runs written or
 * checked whole), and the report's own code; a rerun that trains nothing has the timings
 * timings.csv holds. When the record of the last report
 * drawn names these inputs, and the report's files (experiment.json, runs.csv, README.md,
 * timings.csv and everything under charts/) still have the digest recorded, drawing it again
 * would write the same bytes: it is skipped. Anything else (a file of the report changed,
 * added or removed; a run folder not verified; another version of the report's code) draws
 * it, and records it when that wrote something or a run was trained: a rerun with nothing new
 * writes nothing.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderDigest } from '../results/verified-runs.js';
import { canonicalJson } from '../plan/hash.js';
import type { Plan } from '../spec/types.js';
import { EXPERIMENT_FILE } from './experiment-file.js';
import { GITIGNORE, REPORT_FILES } from './report-files.js';
import { TIMINGS_FILE } from './timings-file.js';
import { readBytesWithoutBlocking } from '../results/read-opened.js';

/** The digests of a report's inputs and of its files, as recorded when it was drawn. */
export interface ReportRecord {
  inputs: string;
  outputs: string;
}

/** The digest of the report's inputs; null when a run's folder digest is unknown (the report is then drawn). */
export function reportInputs(plan: Plan, runDigests: (string | undefined)[]): string | null {
  if (runDigests.some((digest) => digest === undefined)) return null;
  return createHash('sha256')
    .update(codeDigest())
    .update(canonicalJson({ spec: plan.spec, varying: plan.varying, runs: plan.runs.map((run, i) => [run.id, run.hash, runDigests[i]]) }))
    .digest('hex');
}

/**
 * The digest of the report's files as they are on disk: names and bytes, absent ones left out;
 * of timings.csv only whether it is there (its seconds differ between identical runs, and the
 * record, like every other file, is the same bytes for the same spec).
 */
export function reportOutputs(resultsDir: string): string {
  const files = new Map<string, Buffer>();
  for (const name of [EXPERIMENT_FILE, REPORT_FILES.runs, REPORT_FILES.readme, GITIGNORE]) {
    const bytes = read(join(resultsDir, name));
    if (bytes) files.set(name, bytes);
  }
  if (read(join(resultsDir, TIMINGS_FILE))) files.set(TIMINGS_FILE, Buffer.alloc(0));
  for (const path of walk(join(resultsDir, REPORT_FILES.charts))) {
    files.set(relative(resultsDir, path), read(path) ?? Buffer.from('unreadable'));
  }
  return folderDigest(files);
}

let code: string | null = null;

/** The digest of the report's code (this folder's modules): a report drawn by other code is drawn again. */
function codeDigest(): string {
  if (code === null) {
    const folder = fileURLToPath(new URL('.', import.meta.url));
    code = folderDigest(new Map(walk(folder).map((path) => [relative(folder, path), read(path) ?? Buffer.alloc(0)])));
  }
  return code;
}

function read(path: string): Buffer | null {
  try {
    return readBytesWithoutBlocking(path);
  } catch {
    return null;
  }
}

/** Every file under `dir`, sorted; none when it does not exist. */
function walk(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  } catch {
    return [];
  }
}
