/**
 * Every message a user sees about a spec, a plan or their options, written once.
 * Tests assert through these same functions.
 */

/** A value as it appears in a message: strings quoted, everything else as YAML flow would show it. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** Bytes in the unit that reads best: 316 GB, 1.2 GB, 450 MB (powers of 1000, as people say them). */
export function sizeText(bytes: number): string {
  const units: [number, string][] = [[1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
  const [scale, unit] = units.find(([s]) => bytes >= s) ?? [1, 'bytes'];
  return `${Number((bytes / scale).toPrecision(3))} ${unit}`;
}

/** A count as people read it: 39,760 up to a million, then 7.9e10. */
export function countText(n: number): string {
  return n < 1e6 ? n.toLocaleString('en-US') : n.toExponential(1).replace('e+', 'e');
}

const typeNames: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** How each layer with parameters is written, for messages. */
const LAYER_EXAMPLES: Record<string, string> = {
  affine: 'affine: 100',
  conv: 'conv: { filters: 30, size: 5 }',
  pool: 'pool: { size: 2 }',
  dropout: 'dropout: 0.5',
};

const didYouMean = (suggestion: string | null): string => (suggestion ? ` (did you mean '${suggestion}'?)` : '');

/** Where a varied key is written. */
export type VaryingSection = 'grid' | 'search.space';

export const specMessages = {
  // Reading and parsing
  // printed after the file's name: `spec.yaml:1:1: cannot read the file: no such file`
  cannotRead: (reason: string) => `cannot read the file: ${reason}`,
  notUtf8: () => 'the file holds NUL bytes: it is UTF-16 or not text; save it as UTF-8',
  collectionKey: () => 'a key must be a name, not a list or a mapping',
  yamlError: (reason: string) => `YAML: ${reason}`,
  sameRuns: (a: string, b: string, keys: string[]) =>
    `runs ${a} and ${b} have the same config, so they train the same numbers: ${keys.join(', ')} changes nothing in them (a setting their optimizer does not read is left at its default)`,
  moreHere: (count: number) => `and ${count} more problem${count === 1 ? '' : 's'} here, of other runs (each grid value or trial checked on its own)`,
  aliasBomb: (max: number) => `too many alias expansions (more than ${max}): the file looks like an alias bomb`,
  aliasCycle: () => 'this alias is inside the value its anchor names, so the value would contain itself; write the value out instead',
  tooDeep: (max: number) => `lists and mappings nested deeper than ${max} levels; a spec needs only a few`,
  emptyDocument: () => 'the file is empty: expected a mapping with at least a `name`',

  // Schema
  expectedType: (key: string, types: string[], got: unknown) =>
    `${key}: expected ${types.map((t) => typeNames[t] ?? t).join(' or ')}, got ${show(got)}`,
  expectedOneOf: (key: string, allowed: unknown[], got: unknown, suggestion: string | null) =>
    `${key}: expected one of ${allowed.map((a) => String(a)).join(', ')}, got ${show(got)}${didYouMean(suggestion)}`,
  missingKey: (key: string, missing: string) => `${key}: missing required key '${missing}'`,
  unknownKey: (key: string, unknown: string, allowed: string[], suggestion: string | null) =>
    `${key}: unknown key '${unknown}'${suggestion ? didYouMean(suggestion) : `; expected one of ${allowed.join(', ')}`}`,
  outOfRange: (key: string, kind: 'a number' | 'an integer', comparison: string, limit: number, got: unknown) =>
    `${key}: expected ${kind} ${comparison} ${limit}, got ${show(got)}`,
  tooFewItems: (key: string, min: number, got: unknown) =>
    `${key}: expected a list of at least ${min} item${min === 1 ? '' : 's'}, got ${show(got)}`,
  tooManyItems: (key: string, max: number) => `${key}: expected a list of at most ${max} items`,
  tooShort: (key: string, min: number) => `${key}: expected a string of at least ${min} character${min === 1 ? '' : 's'}`,
  tooLong: (key: string, max: number) => `${key}: expected a string of at most ${max} characters`,
  notSafeName: (key: string, got: unknown) =>
    `${key}: expected a safe folder name (letters, digits, '-', '_' and '.'), got ${show(got)}`,
  hiddenName: (key: string, got: string) =>
    `${key}: expected a name that does not start with '.' (its folder would be hidden from ls and many tools), got ${show(got)}`,
  duplicateItems: (key: string, first: number, second: number) =>
    `${key}: items ${first} and ${second} are the same; every value must be different`,
  noVariant: (key: string, got: unknown, description: string) => `${key}: expected ${description}, got ${show(got)}`,
  schemaOther: (key: string, detail: string) => `${key}: ${detail}`,

  // Grid
  emptyGridList: (key: string) => `grid.${key}: the list is empty; give at least one value`,
  gridKeyUnknown: (key: string, suggestion: string | null) =>
    `grid: '${key}' is not a key of the spec${didYouMean(suggestion)}`,
  gridKeyNotVariable: (key: string) =>
    `grid: '${key}' cannot be varied; grid keys name a key inside data, model or training (e.g. training.learning_rate)`,
  /** `key`: where the runs come from (grid, or search.trials or repeat in a spec without a grid). */
  tooManyRuns: (runs: number, max: number, key = 'grid') =>
    `${key}: expands to ${runs} runs, more than the limit of ${max}; ${key === 'grid' ? 'shrink the grid' : 'lower it'} or raise the limit with --max-runs ${runs}`,
  duplicateNamedValues: (key: string, first: string, second: string) =>
    `grid.${key}: ${first} and ${second} are the same; every value must be different`,
  gridLayerNoLayers: (key: string, section: VaryingSection = 'grid') => `${section}: '${key}' varies a layer, but the spec has no model.layers`,
  gridLayerOutOfRange: (key: string, count: number, section: VaryingSection = 'grid') =>
    `${section}: '${key}': model.layers has ${count} layer${count === 1 ? '' : 's'}, numbered 0 to ${count - 1}`,
  gridLayerKey: (key: string, index: number, layer: unknown, suggestion: string | null, section: VaryingSection = 'grid') =>
    `${section}: '${key}' is not a key of layer ${index}, which is ${show(layer)}${didYouMean(suggestion)}`,
  compareNotGridKey: (compare: string, gridKeys: string[]) =>
    gridKeys.length === 0
      ? `report.compare: '${compare}' is not a grid key, and the spec has no grid`
      : `report.compare: '${compare}' is not a grid key; expected one of ${gridKeys.join(', ')}`,

  // Search
  searchKeyUnknown: (key: string, suggestion: string | null) =>
    `search.space: '${key}' is not a key of the spec that can vary${didYouMean(suggestion)}`,
  searchKeyInGrid: (key: string) => `search.space: '${key}' is also a grid key; vary it in one of the two`,
  searchBound: (key: string, detail: string) => `search.space.${key}: ${detail}`,
  searchRealForInteger: (key: string, kind: string) =>
    `search.space.${key}: ${kind} draws real numbers, but ${key} takes integers; use int or logint`,

  // Budgets (limits)
  tooManyParameters: (key: string, count: number, bytes: number, precision: string, max: number) =>
    `${key}: the network has ${countText(count)} parameters (${sizeText(bytes)} in ${precision}); ` +
    `the budget is ${countText(max)} (limits.max_parameters): make the ${key === 'model.hidden' ? 'hidden ' : ''}layers smaller or raise the limit`,
  tooMuchMemory: (key: string, bytes: number, maxMib: number) =>
    `${key}: a run would need about ${sizeText(bytes)} of memory; the budget is ${maxMib} MiB (limits.max_memory_mb): ` +
    `make the network or the batch smaller or raise the limit`,

  // Layers (model.layers)
  unknownLayer: (key: string, got: unknown, types: readonly string[], suggestion: string | null) =>
    `${key}: unknown layer ${show(got)}${suggestion ? didYouMean(suggestion) : `; expected one of ${types.join(', ')}`}`,
  layerNeedsParameters: (key: string, type: string) =>
    `${key}: ${type} needs its parameters, written \`${type}: ...\` (e.g. ${LAYER_EXAMPLES[type] ?? `${type}: ...`})`,
  layerTakesNoParameters: (key: string, type: string) => `${key}: ${type} takes no parameters; write it alone, \`- ${type}\``,
  oneLayerPerItem: (key: string) => `${key}: expected one layer per item of the list, e.g. \`- affine: 100\``,
  layersAndHidden: () => 'model: give either `layers` or the shorthand `hidden` with `activation`, not both',
  layerShape: (index: number, problem: string) => `model.layers[${index}]: ${problem}`,
  wrongOutputs: (index: number, outputs: string, classes: number) =>
    `model.layers[${index}]: the last layer outputs ${outputs}, but the dataset has ${classes} classes; end the network with affine: ${classes}`,

  // Data
  datasetAndPath: () => 'data: give either `dataset` or `path`, not both',
  /** `dangling`: core/read-file.ts's words for a symbolic link to nothing, when `dir` is one. */
  datasetMissing: (dir: string, dangling: string | null = null) =>
    dangling === null ? `data.path: the folder ${dir} does not exist` : `data.path: ${dir} is ${dangling}`,
  datasetNotFolder: (path: string) => `data.path: ${path} is a file, not a folder of IDX files`,
  datasetBad: (detail: string) => `data.path: ${detail}`,
  sliceEmpty: (key: string, start: number, end: number) =>
    `${key}: expected end > start, got start ${start} and end ${end}`,
  sliceOutOfBounds: (key: string, split: string, size: number, got: number) =>
    `${key}: the ${split} split has ${size} images, so expected at most ${size}, got ${got}`,
  epochsAndIterations: () => 'training: give either `epochs` or `iterations`, not both',
  tooManyEpochIterations: (iterations: number, max: number) =>
    // exact counts: rounded, 10,010,000 and the limit both read 1.0e7
    `training.epochs: comes to ${iterations.toLocaleString('en-US')} iterations, more than the limit of ${max.toLocaleString('en-US')}`,
  oneHeldOutPart: (key: string) => `${key}: expected one name and the fraction it holds out, e.g. { validation: 0.2 }`,
  holdOutNameTaken: (name: string) =>
    `data.train.hold_out: '${name}' is already an evaluation slice's name (letter case aside: files are named after slices, and some file systems ignore case); give the held-out part another`,
  sliceNamesDifferInCase: (first: string, second: string) =>
    `data.evaluate.${second}: '${first}' and '${second}' differ only in letter case; each slice's files are named after it (confusion-${second}.csv), and on macOS or Windows the two would be one file; rename one`,
  holdOutEmpty: (name: string, fraction: number, size: number, held: number) =>
    `data.train.hold_out.${name}: ${fraction} of the slice's ${size} images is ${held}; it must hold out at least 1 and leave at least 1 to train on`,
  scheduleRungOnce: () => 'search.schedule: give either `min_iterations` or `min_epochs`, one of the two',
  scheduleEpochsWithoutEpochs: () => 'search.schedule.min_epochs: training is given in iterations here; give min_iterations (or training.epochs)',
  scheduleSearchedLength: (key: string) =>
    `search.space.${key}: successive halving ranks every trial at the same rungs, so the run's length can't be searched with search.schedule`,
  scheduleNoEvaluation: () => 'search.schedule: trials are ranked on their evaluations, and training.eval_every is 0; evaluate (eval_every > 0)',
  scheduleOffEvaluation: (key: string, rung: number, every: number) =>
    `search.schedule.${key}: the first rung is iteration ${rung}, which is not an evaluation point; expected a multiple of training.eval_every (${every})`,
  scheduleEndOnlyMetric: (metric: string, slice: string, measured: string[]) =>
    `search.schedule ranks trials at its rungs by report.select.metric ${metric}, but data.evaluate.${slice} is measured only at the end (every: end), so no trial would have a score at a rung; ${endOnlyHint(measured)}`,
  scheduleEndOnlyDefault: (metric: string, slice: string, measured: string[]) =>
    `search.schedule ranks trials at its rungs by ${metric} (the default, with no report.select), but data.evaluate.${slice} is measured only at the end (every: end), so no trial would have a score at a rung; ${endOnlyHint(measured)}`,
  scheduleTooLate: (key: string, rung: number, iterations: number) =>
    `search.schedule.${key}: the first rung is iteration ${rung}, expected it before the run's last iteration (${iterations - 1}); with no rung, nothing is halved`,
  scheduleQueue: () =>
    'search.schedule: successive halving pauses trials at their rungs and continues them from checkpoints on this machine; the queue\'s workers train runs through. Run it without --queue',
  selectUnknownMetric: (metric: string, metrics: string[]) =>
    `report.select.metric: no slice gives '${metric}'; expected one of ${metrics.join(', ')}`,
  /** A warning. */
  selectOnTest: (metric: string, slice: string) =>
    `warning: report.select picks runs by ${metric}, measured on test data; its figure for the best run is then optimistic. Hold out a validation slice (data.train.hold_out) and select on it`,
  batchTooLarge: (batch: number, slice: number) =>
    `training.batch_size: expected at most the train slice's ${slice} images, got ${batch}`,

  /** A warning, not a problem: the spec still runs. */
  sliceOverlap: (slice: string, split: string, start: number, end: number, size: number) =>
    `warning: data.evaluate.${slice} shares ${end - start} of its ${size} images (${split} ${start}..${end}) with the training slice, so its accuracy is partly on images the network trained on`,

  // Options
  setSyntax: (arg: string) => `expected key.path=value, got ${show(arg)}`,
  setNotMapping: (key: string) => `cannot set a key inside ${key}, which is not a mapping`,
} as const;

function endOnlyHint(measured: string[]): string {
  return measured.length > 0
    ? `set report.select.metric to one measured at every evaluation (${measured.join(', ')}) or final_loss`
    : 'measure a slice at every evaluation (a hold_out, or a slice without every: end) and name it in report.select.metric, or select by final_loss';
}
