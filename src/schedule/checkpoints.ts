/**
 * Checkpoints of unfinished runs, so that an interrupted run, or a trial promoted by
 * successive halving, goes on from where it was instead of from iteration 0:
 * DIR/checkpoints/<run>.checkpoint, one per run, replaced at evaluation points (written
 * whole under a temporary name, then renamed), removed once the run's folder is written.
 * The folder holds a `.gitignore` of `*`, so committed results never carry one, and goes
 * when an experiment ends with no checkpoint left in it.
 *
 * A file is a JSON header line, then the arrays it describes as little-endian bytes: the
 * network's tensors, the optimizer's slots, the losses. The header holds the run's hash and
 * the SHA-256 of those bytes; a checkpoint of another config, or damaged, is not used.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Floats } from '../core/floats.js';
import type { TrainCheckpoint } from '../core/train.js';
import { writeFileAtomic } from '../results/atomic.js';
import { explainFs } from '../results/fs-errors.js';
import { resultsMessages } from '../results/messages.js';
import type { PlannedRun } from '../spec/types.js';
import { checkpointMessages as m } from './checkpoint-messages.js';
import { NotRegularFile, readBytesWithoutBlocking } from '../results/read-opened.js';

export const CHECKPOINTS_FOLDER = 'checkpoints';
/** 2: the SHA-256 covers the header too (1 covered only the arrays: an edited accuracy or generator state went through). */
const FORMAT = 2;

const EXTENSION = '.checkpoint';

/** DIR/checkpoints/<run>.checkpoint */
export function checkpointPath(resultsDir: string, runId: string): string {
  return join(resultsDir, CHECKPOINTS_FOLDER, `${runId}${EXTENSION}`);
}

type ArrayKind = 'float32' | 'float64';

interface Header {
  format: number;
  hash: string;
  iteration: number;
  sha256: string;
  /** Each array's kind and length, in the order their bytes follow. */
  arrays: [ArrayKind, number][];
  /** How many of the arrays are tensors, then each optimizer slot kind's count. */
  tensors: number;
  slots: number[];
  step: number;
  random: number[];
  sampler: TrainCheckpoint['sampler'];
  evaluations: TrainCheckpoint['evaluations'];
  divergence: TrainCheckpoint['divergence'];
}

export function encodeCheckpoint(hash: string, checkpoint: TrainCheckpoint): Buffer {
  const arrays: Floats[] = [...checkpoint.tensors, ...checkpoint.optimizer.slots.flat(), checkpoint.losses];
  const body = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const header: Header = {
    format: FORMAT,
    hash,
    iteration: checkpoint.iteration,
    sha256: '',
    arrays: arrays.map((a) => [a instanceof Float32Array ? 'float32' : 'float64', a.length]),
    tensors: checkpoint.tensors.length,
    slots: checkpoint.optimizer.slots.map((s) => s.length),
    step: checkpoint.optimizer.step,
    random: checkpoint.random,
    sampler: checkpoint.sampler,
    evaluations: checkpoint.evaluations,
    // the limit is +Infinity before the first iteration: JSON has no Infinity
    divergence: { limit: Number.isFinite(checkpoint.divergence.limit) ? checkpoint.divergence.limit : -1, above: checkpoint.divergence.above },
  };
  header.sha256 = digest(header, body);
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]);
}

/** The SHA-256 of the header's other fields, as JSON in their order, and of the arrays' bytes. */
function digest(header: Header, body: Buffer): string {
  const { sha256: _, ...rest } = header;
  return createHash('sha256').update(`${JSON.stringify(rest)}\n`).update(body).digest('hex');
}

/** The checkpoint in `bytes` if it is whole and of this run's config, else what is wrong with it. */
export function decodeCheckpoint(bytes: Buffer, run: PlannedRun): TrainCheckpoint | { problem: string } {
  try {
    return decode(bytes, run);
  } catch {
    // a header of another shape than this version writes
    return { problem: m.notACheckpoint };
  }
}

function decode(bytes: Buffer, run: PlannedRun): TrainCheckpoint | { problem: string } {
  const newline = bytes.indexOf(0x0a);
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(0, newline < 0 ? 0 : newline).toString('utf8')) as Header;
  } catch {
    return { problem: m.notACheckpoint };
  }
  if (header.format !== FORMAT) return { problem: m.otherFormat(header.format) };
  if (header.hash !== run.hash) return { problem: m.otherConfig };
  const body = bytes.subarray(newline + 1);
  if (digest(header, body) !== header.sha256) return { problem: m.damaged };
  const arrays: Floats[] = [];
  let offset = 0;
  for (const [kind, length] of header.arrays) {
    const size = kind === 'float32' ? 4 : 8;
    const copy = new Uint8Array(length * size);
    copy.set(body.subarray(offset, offset + length * size));
    offset += length * size;
    arrays.push(kind === 'float32' ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer));
  }
  const losses = arrays.at(-1);
  if (offset !== body.length || !(losses instanceof Float64Array) || losses.length !== header.iteration) return { problem: m.damaged };
  if (header.iteration < 1 || header.iteration >= run.config.training.iterations) return { problem: m.damaged };
  const slots: Floats[][] = [];
  let next = header.tensors;
  for (const count of header.slots) {
    slots.push(arrays.slice(next, next + count));
    next += count;
  }
  return {
    iteration: header.iteration,
    tensors: arrays.slice(0, header.tensors),
    optimizer: { step: header.step, slots },
    random: header.random,
    sampler: header.sampler,
    losses,
    evaluations: header.evaluations,
    divergence: { limit: header.divergence.limit < 0 ? Number.POSITIVE_INFINITY : header.divergence.limit, above: header.divergence.above },
  };
}

/** Writes a run's checkpoint whole (the folder and its .gitignore made on first use). */
export function saveCheckpoint(resultsDir: string, run: PlannedRun, checkpoint: TrainCheckpoint): void {
  const ignore = join(resultsDir, CHECKPOINTS_FOLDER, '.gitignore');
  if (!existsSync(ignore)) writeFileAtomic(ignore, '# unfinished runs\' checkpoints: removed as each run ends, never committed\n*\n');
  writeFileAtomic(checkpointPath(resultsDir, run.id), encodeCheckpoint(run.hash, checkpoint));
}

/** The run's checkpoint; null when there is none; the reason it can't be used when it is there but unusable. */
export function loadCheckpoint(resultsDir: string, run: PlannedRun): TrainCheckpoint | { problem: string } | null {
  let bytes: Buffer;
  try {
    bytes = readBytesWithoutBlocking(checkpointPath(resultsDir, run.id));
  } catch (error) {
    if (error instanceof NotRegularFile) return { problem: m.unreadable(error.message) };
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : { problem: m.unreadable(String(code)) };
  }
  return decodeCheckpoint(bytes, run);
}

/** Once a run's folder is written, its checkpoint has served. */
export function removeCheckpoint(resultsDir: string, runId: string): void {
  const path = checkpointPath(resultsDir, runId);
  explainFs(() => rmSync(path, { force: true }), (reason) => resultsMessages.cannotRemove(path, reason));
}

/**
 * Removes the checkpoints no run will go on from, those of the runs `served` names: a run
 * found whole on disk leaves the checkpoint of an interrupted --force, or a search's trial
 * the checkpoint it was pruned at, when nothing trains it again.
 */
export function removeServedCheckpoints(resultsDir: string, served: (runId: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(join(resultsDir, CHECKPOINTS_FOLDER));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.endsWith(EXTENSION) && served(name.slice(0, -EXTENSION.length))) removeCheckpoint(resultsDir, name.slice(0, -EXTENSION.length));
  }
}

/** Once every run has ended, the folder of checkpoints goes too, if nothing but its .gitignore is left. */
export function removeEmptyCheckpoints(resultsDir: string): void {
  const dir = join(resultsDir, CHECKPOINTS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (names.every((name) => name === '.gitignore')) explainFs(() => rmSync(dir, { recursive: true, force: true }), (reason) => resultsMessages.cannotRemove(dir, reason));
}
