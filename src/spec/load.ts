/**
 * YAML text in, a typed spec with every default filled out, or every problem found.
 * It never exits the process and never throws for a user's mistake.
 *
 *   1. Read and parse the YAML (syntax errors, duplicate keys, alias bombs, deep nesting).
 *   2. Apply `--set` overrides.
 *   3. Count the runs (the product of the grid's list lengths, times repeat) and refuse
 *      too many before anything is validated or expanded.
 *   4. Validate against schemas/experiment.schema.json.
 *   5. Check what the schema cannot: dataset path and sizes, grid keys and values, search keys and
 *      bounds, report.compare.
 *   6. Expand the grid and the search's trials and check each run (slice bounds, batch size,
 *      layer shapes, memory).
 *   7. Fill defaults.
 */
import { dirname, resolve } from 'node:path';
import { isAlias, LineCounter, visit, type Document } from 'yaml';
import { FileReadError, readRegularFile } from '../core/read-file.js';
import { resolveEpochs } from '../plan/epochs.js';
import { clonePlain } from '../plan/clone.js';
import { gridPoints } from '../plan/expand.js';
import { drawTrials } from '../plan/search.js';
import { canonicalJson } from '../plan/hash.js';
import { planRuns } from '../plan/plan.js';
import { getPath, setPath, splitKey } from '../plan/paths.js';
import { datasetSizes, MNIST_SHAPE, MNIST_SIZES, shapeOf, type DatasetShape, type SplitSizes } from './dataset-sizes.js';
import { LIMITS_DEFAULTS, SCHEDULE_DEFAULTS, SEARCH_DEFAULTS } from './defaults.js';
import { checkGrid, gridEntries } from './grid-keys.js';
import { checkModel } from './model-check.js';
import { MAX_NESTING, parseYaml, unusableValueAt } from './nesting.js';
import { fileProblem, problemAtPath, SET_FILE, type Path, type Source, type Target } from './locate.js';
import { specMessages } from './messages.js';
import { normalize, type RawSpec } from './normalize.js';
import { applyOverrides, firstLine, parseOverride } from './overrides.js';
import { problemAt, sortProblems, type Problem } from './problem.js';
import { validateAgainstSchema } from './schema.js';
import { schemaProblems } from './schema-errors.js';
import { overlapWarnings } from './overlap.js';
import { checkSearchSpace } from './search-space.js';
import { checkScheduleRun, checkScheduleShape } from './schedule-check.js';
import { checkRun, selectWarnings } from './semantic.js';
import type { ExperimentSpec, Plan, PlannedRun } from './types.js';

/** The schema's limit on training.iterations, which iterations from epochs must keep too. */
const MAX_ITERATIONS = 10_000_000;

export { DEFAULT_MAX_RUNS } from './max-runs.js';
import { DEFAULT_MAX_RUNS } from './max-runs.js';
/** The largest spec file read: specs are a few kilobytes, and YAML takes seconds per megabyte to parse. */
export const MAX_SPEC_BYTES = 1024 ** 2;
/** Alias expansions allowed when turning YAML into values (yaml's guard against alias bombs). */
export const MAX_ALIAS_COUNT = 100;

export interface LoadOptions {
  /** `key.path=value` overrides, applied in order over the file's values. */
  set?: string[];
  maxRuns?: number;
  /** Relative spec paths are resolved against this (default: process.cwd()). */
  cwd?: string;
}

export interface LoadResult {
  /** The spec, or null when there are problems. */
  spec: ExperimentSpec | null;
  problems: Problem[];
  /** Located like problems, but the spec still runs (e.g. an evaluation slice overlapping the training slice). */
  warnings?: Problem[];
  /** The dataset's image shape and classes, with the spec. */
  dataset?: DatasetShape;
  /** The spec's runs (plan/plan.ts), with the spec: validation plans them once, to warn of runs of one config. */
  plan?: Plan;
}

/** No spec: the problems in file order, `--set` ones in the order the arguments were given. */
function failure(problems: Problem[], set: string[] = []): LoadResult {
  const argOrder = (p: Problem) => (p.file === SET_FILE ? set.indexOf(p.source) : -1);
  return { spec: null, problems: sortProblems(problems).sort((a, b) => argOrder(a) - argOrder(b)) };
}

export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const fullPath = resolve(options.cwd ?? process.cwd(), file);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(fullPath, MAX_SPEC_BYTES, 'a spec file');
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    return failure([problemAt(file, '', 1, 1, specMessages.cannotRead(error.reason))]);
  }
  // YAML text has no NUL: a file that does is UTF-16 (as some Windows editors save) or not text at all
  if (bytes.includes(0)) return failure([problemAt(file, '', 1, 1, specMessages.notUtf8())]);
  const text = bytes.toString('utf8');
  return loadSpecText(text, file, { ...options, specDir: dirname(fullPath) });
}

/** The same as loadSpec for text already read; `specDir` resolves `data.path`. */
export function loadSpecText(text: string, file: string, options: LoadOptions & { specDir: string }): LoadResult {
  const failed = (problems: Problem[]) => failure(problems, options.set);

  // 1. Parse (refusing nesting deeper than any spec needs before yaml recurses into it).
  const lineCounter = new LineCounter();
  const parsed = parseYaml(text, lineCounter, { keepSourceTokens: true, uniqueKeys: true, prettyErrors: false });
  if (parsed.doc === null) return failed([fileProblem({ file, text, lineCounter }, parsed.tooDeepAt, specMessages.tooDeep(MAX_NESTING))]);
  const doc = parsed.doc;
  const source: Source = { file, text, doc, lineCounter, overrides: [] };
  const problems: Problem[] = doc.errors.map((e) => fileProblem(source, e.pos[0], specMessages.yamlError(firstLine(e.message))));
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return failed(problems);
  const unusable = unusableValueAt(doc);
  if (unusable !== null) return failed([...problems, fileProblem(source, unusable.at, unusable.message)]);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return failed([...problems, fileProblem(source, firstAliasOffset(doc), specMessages.aliasBomb(MAX_ALIAS_COUNT))]);
  }

  // 2. Overrides.
  for (const arg of options.set ?? []) {
    const parsed = parseOverride(arg);
    if (Array.isArray(parsed)) problems.push(...parsed);
    else source.overrides.push(parsed);
  }
  if (isMapping(raw)) problems.push(...applyOverrides(raw, source.overrides));

  // 3. The number of runs, counted before anything is validated or expanded: a list of
  //    millions of values is refused here, in time linear in the file.
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  const runs = runCount(raw);
  if (runs > maxRuns) {
    // at the grid where there is one, else at what multiplies the runs: search.trials, or repeat
    const at = isMapping(raw) && raw.grid === undefined ? (isMapping(raw.search) ? ['search', 'trials'] : ['repeat']) : ['grid'];
    return failed([...problems, problemAtPath(source, at, 'key', specMessages.tooManyRuns(runs, maxRuns, at.join('.')))]);
  }

  // 4. Schema.
  const schemaErrors = schemaProblems(validateAgainstSchema(raw), raw, source);
  problems.push(...schemaErrors);
  if (!isMapping(raw)) return failed(problems);
  const spec = raw as unknown as RawSpec;

  // 5. What the schema cannot say (the grid is checked even when other keys are wrong).
  const grid = isMapping(spec.grid) ? spec.grid : {};
  problems.push(...checkGrid(spec, source));
  problems.push(...checkSearchSpace(spec, source));
  problems.push(...checkScheduleShape(spec, source));
  const compare = isMapping(spec.report) ? spec.report.compare : undefined;
  if (typeof compare === 'string' && !Object.hasOwn(grid, compare)) {
    problems.push(problemAtPath(source, ['report', 'compare'], 'value', specMessages.compareNotGridKey(compare, Object.keys(grid))));
  }
  const dataset = schemaErrors.length === 0 ? checkData(spec, source, options.specDir, problems) : null;
  if (problems.length > 0 || dataset === null) return failed(problems);
  const { sizes, shape } = dataset;
  const limits = { ...LIMITS_DEFAULTS, ...(spec.limits ?? {}) };

  // 6. Each run.
  const keys = Object.keys(grid);
  const entries = keys.map((key) => gridEntries(grid[key]));
  const normalizedValues: unknown[][] = keys.map(() => []);
  const { grid: _grid, ...fixed } = spec; // each run copies what is fixed, not the whole grid (quadratic)
  const warnings: Problem[] = [];
  const trials = spec.search ? drawTrials(spec.search.space, spec.search.seed ?? SEARCH_DEFAULTS.seed, spec.search.trials) : [{}];
  const points = gridPoints(Object.fromEntries(keys.map((key, k) => [key, entries[k]])));
  for (const [point, trial] of points.flatMap((point) => trials.map((trial) => [point, trial] as const))) {
    const run = clonePlain(fixed) as RawSpec & Record<string, unknown>;
    keys.forEach((key, k) => setPath(run, splitKey(key), clonePlain(entries[k][point[k]][1])));
    for (const [key, value] of Object.entries(trial)) setPath(run, splitKey(key), clonePlain(value));
    const resolved = normalize(run, sizes, options.specDir);
    keys.forEach((key, k) => (normalizedValues[k][point[k]] ??= getPath(resolved, splitKey(key)) ?? entries[k][point[k]][1]));
    const labels = keys.map((_, k) => entries[k][point[k]][0]);
    const at = (path: Path, target: Target, message: string) =>
      problemAtPath(source, gridPathOf(path, keys, labels, Object.keys(trial)), target, message);
    if (run.training?.epochs !== undefined && run.training.iterations !== undefined) {
      problems.push(at(['training', 'epochs'], 'key', specMessages.epochsAndIterations()));
    }
    resolveEpochs(resolved);
    if (resolved.training.iterations > MAX_ITERATIONS) {
      problems.push(at(['training', 'epochs'], 'value', specMessages.tooManyEpochIterations(resolved.training.iterations, MAX_ITERATIONS)));
    }
    problems.push(...checkModel(run.model, resolved, shape, limits, at));
    problems.push(...checkRun(resolved, sizes, at));
    const schedule = spec.search?.schedule;
    // one problem of the schedule's is enough: every run would repeat it
    if (schedule && !problems.some((p) => p.message.startsWith('search.schedule'))) problems.push(...checkScheduleRun(resolved, { ...SCHEDULE_DEFAULTS, ...schedule }, at));
    warnings.push(...selectWarnings(resolved, at));
    for (const o of overlapWarnings(resolved.data)) {
      warnings.push(at(['data', 'evaluate', o.slice], 'key', specMessages.sliceOverlap(o.slice, o.split, o.start, o.end, o.size)));
    }
  }
  if (problems.length > 0) return failed(fewPerPlace(problems));

  // 7. Defaults, with grid values resolved the same way (a key given names keeps its names; `named` has the values).
  const normalizedGrid = Object.fromEntries(keys.map((key, k) => [key, Array.isArray(grid[key]) ? normalizedValues[k] : Object.keys(grid[key])]));
  const named = Object.fromEntries(
    keys.flatMap((key, k) => (Array.isArray(grid[key]) ? [] : [[key, Object.fromEntries(entries[k].map(([name], i) => [name, normalizedValues[k][i]]))]])),
  );
  const { named: _named, ...normalized } = normalize(spec, sizes, options.specDir);
  const result = { ...normalized, grid: normalizedGrid, ...(Object.keys(named).length > 0 ? { named } : {}) };
  const plan = planRuns(result);
  warnings.push(...sameRunWarnings(plan, source));
  return { spec: result, problems: [], warnings: sortProblems(warnings), dataset: shape, plan };
}

/**
 * A warning at the varied key for runs whose configs are the same (they train the same
 * numbers): values of a setting their optimizer does not read (momentum under sgd) are
 * set to its default in the config (plan/hash-neutral.ts). One per set of keys.
 */
function sameRunWarnings(plan: Plan, source: Source): Problem[] {
  const byHash = new Map<string, PlannedRun[]>();
  for (const run of plan.runs) byHash.set(run.hash, [...(byHash.get(run.hash) ?? []), run]);
  const said = new Map<string, Problem>();
  for (const runs of byHash.values()) {
    if (runs.length < 2) continue;
    const [a, b] = runs;
    const keys = plan.varying.filter((key) => canonicalJson(a.values[key]) !== canonicalJson(b.values[key]));
    if (keys.length === 0 || said.has(keys.join(','))) continue;
    const at = Object.hasOwn(plan.spec.grid, keys[0]) ? ['grid', keys[0]] : ['search', 'space', keys[0]];
    said.set(keys.join(','), problemAtPath(source, at, 'key', specMessages.sameRuns(a.id, b.id, keys)));
  }
  return [...said.values()];
}

/** How many runs a spec as written expands to: lists that are not lists and a bad repeat are the schema's to report. */
function runCount(raw: unknown): number {
  if (!isMapping(raw)) return 0;
  const grid = isMapping(raw.grid) ? raw.grid : {};
  const counts = Object.values(grid).map((values) => (Array.isArray(values) ? values.length : isMapping(values) ? Object.keys(values).length : 1));
  const repeat = Number.isSafeInteger(raw.repeat) && (raw.repeat as number) >= 1 ? (raw.repeat as number) : 1;
  const search = isMapping(raw.search) ? raw.search : {};
  const trials = Number.isSafeInteger(search.trials) && (search.trials as number) >= 1 ? (search.trials as number) : 1;
  return counts.reduce((count, n) => count * n, 1) * trials * repeat;
}

/**
 * Where a run's value came from: the search key that drew it, or the grid value it used (its
 * index, or its name), if a grid key covers the path; for a layer, a grid value inside it
 * (`model.layers.0.conv.size`) is what changed it.
 */
function gridPathOf(path: Path, keys: string[], labels: (string | number)[], searched: string[]): Path {
  for (const key of searched) {
    if (splitKey(key).every((segment, i) => segment === String(path[i]))) return ['search', 'space', key];
  }
  for (let k = keys.length - 1; k >= 0; k--) {
    const keyPath = splitKey(keys[k]);
    if (keyPath.every((segment, i) => segment === String(path[i]))) {
      return ['grid', keys[k], labels[k], ...path.slice(keyPath.length)];
    }
  }
  const isLayer = path.length === 3 && path[0] === 'model' && path[1] === 'layers';
  for (let k = keys.length - 1; isLayer && k >= 0; k--) {
    if (path.every((segment, i) => String(segment) === splitKey(keys[k])[i])) return ['grid', keys[k], labels[k]];
  }
  return path;
}

/** The dataset's split sizes, image shape and classes, or null after adding a problem at `data`. */
function checkData(spec: RawSpec, source: Source, specDir: string, problems: Problem[]): { sizes: SplitSizes; shape: DatasetShape } | null {
  const data = spec.data ?? {};
  if (data.path !== undefined && data.dataset !== undefined) {
    problems.push(problemAtPath(source, ['data', 'path'], 'key', specMessages.datasetAndPath()));
    return null;
  }
  if (data.path === undefined) return { sizes: MNIST_SIZES, shape: MNIST_SHAPE };
  const result = datasetSizes(resolve(specDir, data.path));
  if (result.ok) return { sizes: result.sizes, shape: shapeOf(result) };
  const message = result.reason === 'no-folder' ? specMessages.datasetMissing(result.dir, result.dangling)
    : result.reason === 'not-folder' ? specMessages.datasetNotFolder(result.dir) : specMessages.datasetBad(result.detail);
  problems.push(problemAtPath(source, ['data', 'path'], 'value', message));
  return null;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) offset = node.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** Most problems said at one place (a searched key's line, each trial drawing another bad value); the rest are counted. */
const MOST_PER_PLACE = 3;

/** The problems, at most MOST_PER_PLACE at each line and column, with how many more there were. */
function fewPerPlace(problems: Problem[]): Problem[] {
  const byPlace = new Map<string, Problem[]>();
  for (const problem of sortProblems(problems)) {
    const key = `${problem.file}\0${problem.line}\0${problem.col}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), problem]);
  }
  return [...byPlace.values()].flatMap((at) => at.length <= MOST_PER_PLACE ? at : [
    ...at.slice(0, MOST_PER_PLACE),
    { ...at[MOST_PER_PLACE], message: specMessages.moreHere(at.length - MOST_PER_PLACE) },
  ]);
}
