/**
 * experiment.json: what `report` needs besides the run folders to draw the report
 * again: the spec, the varying keys and the reported runs (id and hash) in plan order.
 * A hand-edited or damaged file is refused with what is wrong at which key, never read
 * half-way: every part the report reads is checked first.
 */
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { osReason } from '../results/fs-errors.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';
import { isSafeId } from '../results/safe-id.js';
import { evaluationNames } from '../spec/evaluation-slices.js';
import { isHoldOut } from '../spec/train-slice.js';
import type { ExperimentSpec } from '../spec/types.js';
import { reportMessages } from './messages.js';
import { writeIfChanged } from './write-files.js';

export const EXPERIMENT_FILE = 'experiment.json';

export interface ExperimentFile {
  format: 1;
  spec: ExperimentSpec;
  varying: string[];
  runs: { id: string; hash: string }[];
  /** Runs drawn up close on request (`report DIR --run ID`) besides the best few; absent when none. */
  pictures?: string[];
  /** The runs whose models the folder commits, when it leaves some out (kept-models.ts); absent when it commits every model. */
  models?: string[];
}

/** An experiment.json that is there but cannot be used; the message says where and why. */
export class ExperimentFileError extends UserError {
  override name = 'ExperimentFileError';
}

export function experimentJson(file: ExperimentFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Writes experiment.json (when its text changed): `record`, with the runs drawn on request and the models kept where there are any. */
export function writeExperimentFile(resultsDir: string, record: Omit<ExperimentFile, 'pictures' | 'models'>, pictures: string[], models: string[] | null): void {
  writeIfChanged(join(resultsDir, EXPERIMENT_FILE), experimentJson({ ...record, ...(pictures.length > 0 ? { pictures } : {}), ...(models ? { models } : {}) }));
}

/** The experiment file of a results folder, or null when it is absent; an ExperimentFileError when it is damaged. */
export function readExperimentFile(resultsDir: string): ExperimentFile | null {
  const path = join(resultsDir, EXPERIMENT_FILE);
  let text: string;
  try {
    text = readTextWithoutBlocking(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ExperimentFileError(reportMessages.experimentDamaged(path, osReason(error)));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExperimentFileError(reportMessages.experimentDamaged(path, `not JSON (${(error as Error).message})`));
  }
  const problem = experimentProblem(value);
  if (problem) throw new ExperimentFileError(reportMessages.experimentDamaged(path, problem));
  return value as ExperimentFile;
}

type Check = [path: string, expected: string, ok: boolean];

const mapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const integer = (v: unknown, min = 0): boolean => Number.isSafeInteger(v) && (v as number) >= min;
const slice = (v: unknown): boolean =>
  mapping(v) && (v.split === 'train' || v.split === 'test') && integer(v.start) && integer(v.end) && (v.end as number) >= (v.start as number);

/** The first thing wrong with an experiment.json's content, as "expected X to be Y", or null. */
export function experimentProblem(file: unknown): string | null {
  if (!mapping(file)) return 'expected a JSON object';
  const spec = mapping(file.spec) ? file.spec : {};
  const data = mapping(spec.data) ? spec.data : {};
  const training = mapping(spec.training) ? spec.training : {};
  const model = mapping(spec.model) ? spec.model : {};
  const grid = mapping(spec.grid) ? spec.grid : {};
  const searched = mapping(spec.search) && mapping(spec.search.space) ? spec.search.space : {};
  const checks: Check[] = [
    ['format', '1', file.format === 1],
    ['spec', 'a mapping', mapping(file.spec)],
    ['spec.name', 'a string', typeof spec.name === 'string'],
    ['spec.description', 'a string', spec.description === undefined || typeof spec.description === 'string'],
    ['spec.data', 'a mapping', mapping(spec.data)],
    ['spec.data.train', 'a slice { split, start, end }', slice(data.train)],
    ['spec.data.train.hold_out', 'absent, or one name and a fraction in (0, 1)', !mapping(data.train) || isHoldOut(data.train.hold_out)],
    ['spec.data.evaluate', 'a mapping of slices { split, start, end }', mapping(data.evaluate) && Object.values(data.evaluate).every(slice)],
    ['spec.model', 'a mapping', mapping(spec.model)],
    ['spec.model.hidden', 'a list of layer sizes', Array.isArray(model.hidden) && model.hidden.every((h) => integer(h, 1))],
    ['spec.model.activation', 'a string', typeof model.activation === 'string'],
    ['spec.training', 'a mapping', mapping(spec.training)],
    ...(['iterations', 'batch_size', 'eval_every', 'seed'] as const).map((k): Check => [`spec.training.${k}`, 'a whole number', integer(training[k])]),
    ['spec.training.learning_rate', 'a number', typeof training.learning_rate === 'number'],
    ['spec.grid', 'a mapping of lists', mapping(spec.grid) && Object.values(grid).every(Array.isArray)],
    ['spec.repeat', 'a whole number >= 1', integer(spec.repeat, 1)],
    ['spec.report', 'a mapping with compare: a key or null', mapping(spec.report) && (spec.report.compare === null || typeof spec.report.compare === 'string')],
    ['varying', 'a list of grid and search keys (and repeat)', Array.isArray(file.varying) && file.varying.every((k) => typeof k === 'string' && (k in grid || k in searched || k === 'repeat'))],
    ['runs', 'a list of { id, hash }', Array.isArray(file.runs) && file.runs.every((r) => mapping(r) && typeof r.id === 'string' && typeof r.hash === 'string')],
    ['pictures', 'a list of run ids', file.pictures === undefined || (Array.isArray(file.pictures) && file.pictures.every((id) => typeof id === 'string'))],
    ['models', 'a list of run ids', file.models === undefined || (Array.isArray(file.models) && file.models.every((id) => typeof id === 'string'))],
  ];
  const failed = checks.find(([, , ok]) => !ok);
  if (failed) return `expected ${failed[0]} to be ${failed[1]}`;
  const runs = file.runs as { id: string }[];
  const unsafe = runs.find((r) => !isSafeId(r.id));
  if (unsafe) return `run id ${JSON.stringify(unsafe.id)} is not a safe folder name`;
  const ids = runs.map((r) => r.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return `run id '${twice}' is listed twice`;
  return reportProblem(file.spec as ExperimentSpec, ids, file.pictures as string[] | undefined, file.models as string[] | undefined);
}

/**
 * What the report reads from the file besides the plan, checked as the spec's loader and the
 * report itself make it: `report.select` names a metric some slice gives and a mode,
 * `report.compare` is a grid key, and `pictures` and `models` name runs the file lists, each once.
 * None of these changes a run's hash, so the plan check (experiment-plan.ts) cannot see an edit of them.
 */
function reportProblem(spec: ExperimentSpec, ids: string[], pictures: string[] | undefined, models: string[] | undefined): string | null {
  const { select, compare } = spec.report;
  if (select !== undefined) {
    const metrics = [...evaluationNames(spec.data).map((name) => `${name}_accuracy`), 'final_loss'];
    const ok = mapping(select) && metrics.includes(select.metric as string) && (select.mode === 'max' || select.mode === 'min');
    if (!ok) return `expected spec.report.select to be absent, or { metric: one of ${metrics.join(', ')}; mode: max or min }`;
  }
  if (compare !== null && !Object.hasOwn(spec.grid, compare)) return `expected spec.report.compare to be null or a grid key, got '${compare}'`;
  for (const [key, listed] of [['pictures', pictures], ['models', models]] as const) {
    const other = listed?.find((id, i) => !ids.includes(id) || listed.indexOf(id) !== i);
    if (other !== undefined) return `expected ${key} to name runs it lists, each once, got '${other}'`;
  }
  return null;
}
