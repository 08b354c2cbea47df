/**
 * DIR/.verified-runs.json: the run folders of this results folder that the runner wrote
 * itself or checked in full (schedule/run-check.ts), each with the SHA-256 of the folder's
 * files, names and bytes. A rerun reads each run folder's files once and hashes them: when
 * the digest is the one recorded, the folder holds the very bytes that were written or
 * passed every check, and the checks beyond reading metrics.csv, evaluations.csv and
 * config.json (the model's header and checksum, the confusion and mistakes CSVs) are not
 * made again. A file changed, added, removed or unreadable gives another digest, or none:
 * the folder is checked in full again. It is a cache, written only when a run was trained
 * (a rerun with nothing new writes nothing): without it (a fresh clone, a deleted or
 * damaged file) every run is checked in full, until a run is trained again. It also records
 * the digests of the last report drawn, its inputs and its files (report/report-record.ts),
 * and the spec file the folder holds the results of (schedule/spec-file.ts): kept here, out
 * of the committed files, so that recording it changes no byte a clone compares.
 */
import { readdirSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic, type FileData } from './atomic.js';
import { MAX_FILE_BYTES, MAX_TEXT_BYTES, readOpened, readTextWithoutBlocking } from './read-opened.js';

export const VERIFIED_FILE = '.verified-runs.json';

/** Bump when run-check.ts checks something new: digests recorded before are not trusted. */
const FORMAT = 2;

/**
 * A run folder read once: the digest of its files (folderDigest's) and the text of those named
 * in `texts`; null when it has a subfolder or a file that cannot be read. The other files (the
 * model, the analysis CSVs) are only hashed, through one buffer, not kept: a thousand-run
 * rerun would otherwise hold tens of megabytes of models for the collector to sweep.
 * `names`: the folder's listing when it was just made (results/leftovers.ts), sorted.
 */
export function readRunFolderFiles(folder: string, texts: readonly string[], names?: string[]): { digest: string; texts: Map<string, string> } | null {
  const hash = createHash('sha256');
  const kept = new Map<string, string>();
  try {
    for (const name of names ?? readdirSync(folder).sort()) {
      const bytes = readInto(join(folder, name), texts.includes(name) ? MAX_TEXT_BYTES : MAX_FILE_BYTES);
      hash.update(`${name}\0${bytes.length}\0`).update(bytes);
      if (texts.includes(name)) kept.set(name, bytes.toString('utf8'));
    }
  } catch {
    return null;
  }
  return { digest: hash.digest('hex'), texts: kept };
}

let scratch = Buffer.allocUnsafe(1 << 20);

/** A file's bytes, in a buffer reused by the next call; a file over `maxBytes` throws (TooLargeFile). */
function readInto(path: string, maxBytes: number): Buffer {
  // opened without blocking: a FIFO is refused (the folder is then checked in full, which says so)
  return readOpened(path, (fd) => {
    let length = 0;
    for (;;) {
      if (length === scratch.length) scratch = Buffer.concat([scratch, Buffer.allocUnsafe(scratch.length)]);
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) return scratch.subarray(0, length);
      length += read;
    }
  }, maxBytes);
}

/** SHA-256 of a folder's files: each name, length and bytes, in name order. */
export function folderDigest(files: Map<string, FileData> | Record<string, FileData>): string {
  const hash = createHash('sha256');
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  for (const [name, data] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** The digests of the last report drawn: its inputs and its files (report/report-record.ts). */
export interface ReportDigests {
  inputs: string;
  outputs: string;
}

export class VerifiedRuns {
  private readonly now = new Map<string, string>();
  private trained = false;
  private report: ReportDigests | null;
  private reportChanged = false;

  private constructor(
    private readonly before: Map<string, string>,
    private readonly text: string | null,
    private readonly reportBefore: ReportDigests | null = null,
    /** The spec file the folder's results are of, relative to the folder, as recorded; null when none is. */
    readonly specFile: string | null = null,
  ) {
    this.report = reportBefore;
  }

  /** The folder's record; empty when it is absent, damaged or of another format. */
  static read(resultsDir: string): VerifiedRuns {
    let text: string | null = null;
    try {
      text = readTextWithoutBlocking(join(resultsDir, VERIFIED_FILE));
      const file = JSON.parse(text) as { format?: unknown; runs?: unknown; report?: unknown; spec?: unknown };
      const runs = file.format === FORMAT && file.runs !== null && typeof file.runs === 'object' ? file.runs : {};
      const report = file.format === FORMAT ? reportDigests(file.report) : null;
      const spec = typeof file.spec === 'string' ? file.spec : null;
      return new VerifiedRuns(new Map(Object.entries(runs as object).filter((entry): entry is [string, string] => typeof entry[1] === 'string')), text, report, spec);
    } catch {
      return new VerifiedRuns(new Map(), text);
    }
  }

  /** Whether run `id`'s folder, with files of this digest, was written or checked whole. */
  has(id: string, digest: string): boolean {
    return this.before.get(id) === digest;
  }

  /** Run `id`'s folder, with files of this digest, passed every check: kept by the next save. */
  checked(id: string, digest: string): void {
    this.now.set(id, digest);
  }

  /** Run `id` was trained and its folder written with files of this digest: kept by the next save, which then writes. */
  written(id: string, digest: string): void {
    this.now.set(id, digest);
    this.trained = true;
  }

  /** The digest of run `id`'s folder, written or checked (whole or by its recorded digest) since read. */
  digest(id: string): string | undefined {
    return this.now.get(id);
  }

  /** Whether the last report drawn had these inputs and its files this digest. */
  reportIs(digests: ReportDigests): boolean {
    return this.reportBefore !== null && this.reportBefore.inputs === digests.inputs && this.reportBefore.outputs === digests.outputs;
  }

  /** The report was drawn from these inputs into files of this digest: kept by the next save, which writes when `wrote` (its files changed) or a run was trained. */
  reported(digests: ReportDigests | null, wrote: boolean): void {
    this.report = digests;
    if (wrote) this.reportChanged = true;
  }

  /**
   * When a run was trained, the report written or the spec file recorded moved: writes the runs recorded since
   * read, in `order`, the report's digests and the spec file (`specFile`, else the one recorded), unless the file
   * already says exactly that.
   */
  save(resultsDir: string, order: string[], specFile: string | null = this.specFile): void {
    const moved = this.specFile !== null && specFile !== this.specFile;
    if (!this.trained && !this.reportChanged && !moved) return;
    const runs = Object.fromEntries(order.filter((id) => this.now.has(id)).map((id) => [id, this.now.get(id)]));
    const text = `${JSON.stringify({ format: FORMAT, runs, ...(this.report ? { report: this.report } : {}), ...(specFile !== null ? { spec: specFile } : {}) }, null, 1)}\n`;
    if (text !== this.text) writeFileAtomic(join(resultsDir, VERIFIED_FILE), text);
  }
}

function reportDigests(value: unknown): ReportDigests | null {
  const report = value as Partial<ReportDigests> | null | undefined;
  return report && typeof report.inputs === 'string' && typeof report.outputs === 'string' ? { inputs: report.inputs, outputs: report.outputs } : null;
}
