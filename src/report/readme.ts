/**
 * results/<name>/README.md: what was run, a table of the runs with the best marked,
 * one sentence per run on what happened, and the charts. No dates or timings, so
 * identical results give an identical README.
 */
import { stringify } from 'yaml';
import type { RunResult } from '../results/types.js';
import { readmeText } from './readme-text.js';
import { judgedSlice, lastAccuracy, outcome } from './outcome.js';
import { hasRepeats, slicesOf, type BestRunAnalysis, type ReportInput } from './report-input.js';
import { keyWords, valueText } from './words.js';
import { lossText } from './messages.js';
import { accuracyText, markdownTable } from './markdown-table.js';
import { bestBy, selectMetric } from './select.js';
import { rankedTable } from './ranked-table.js';
import { fixedSettings } from './fixed-settings.js';
import { overlaps } from '../spec/overlap.js';
import { kindOf, type Distribution, type DistributionKind } from '../plan/search.js';
import { classWord } from '../analysis/class-word.js';
import { mostConfusedPair, perDigitAccuracy } from '../analysis/confusion.js';

export interface ChartLinks {
  comparisons: { title: string; path: string }[];
  /** Run id -> the path of its chart, for the runs drawn up close. */
  runs: Record<string, string>;
}

export function readme(input: ReportInput, charts: ChartLinks, keptModels: string[] | null = null): string {
  const { spec } = input;
  const slices = slicesOf(input);
  const judged = judgedSlice(slices);
  const best = bestBy(input);
  const lines = [
    `# ${spec.name}`,
    '',
    ...(spec.description ? [spec.description.trim(), ''] : []),
    readmeText.intro,
    '',
    '## What was run',
    '',
    readmeText.runCount(input.results.length),
    '',
    ...variedLines(input),
    readmeText.fixedHeading,
    '',
    '```yaml',
    stringify(fixedSettings(input), { lineWidth: 0 }).trimEnd(),
    '```',
    '',
    ...overlapLines(input),
    '## Results',
    '',
    ...resultsTable(input, slices, best),
    '',
    ...(best ? [bestNote(input, judged), ''] : []),
    ...rankedTable(input),
    ...(input.analysis ? bestRunLines(input.analysis) : []),
    '## What happened',
    '',
    ...input.results.map((r) => `- \`${r.run.id}\`${describeValues(input, r)}: ${outcome(r).replace(/\.$/, '')}.`),
    '',
    '## Charts',
    '',
    ...charts.comparisons.flatMap((c) => [`![${c.title}](${c.path})`, '']),
    readmeText.eachRunHeading,
    '',
    ...(Object.keys(charts.runs).length < input.results.length ? [readmeText.drawnRuns(Object.keys(charts.runs).length, input.results.length), ''] : []),
    ...input.results.flatMap((r) => (charts.runs[r.run.id] ? [`![${r.run.id}](${charts.runs[r.run.id]})`, ''] : [])),
    readmeText.filesHeading,
    '',
    readmeText.files(input.analysis ? classWord(input.analysis.matrix.length) : 'digit'),
    ...(keptModels ? ['', readmeText.modelsKept(keptModels)] : []),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** What the star means: report.select's metric, else the judged slice's accuracy; with repeats, the best seed of the best mean. */
function bestNote(input: ReportInput, judged: string | null): string {
  const select = input.spec.report.select;
  if (hasRepeats(input)) {
    const metric = selectMetric(input);
    return readmeText.bestOfSeedsNote(metric.name, metric.mode, select !== undefined);
  }
  return select ? readmeText.selectNote(select.metric, select.mode) : readmeText.bestNote(judged ?? '');
}

function variedLines(input: ReportInput): string[] {
  if (input.varying.length === 0) return [];
  return [
    readmeText.variedHeading,
    '',
    ...input.varying.map((key) =>
      key === 'repeat'
        ? `- ${readmeText.repeats(input.spec.repeat, input.spec.training.seed)}`
        : `- ${keyWords(key)} (\`${key}\`): ${valuesText(input, key)}`,
    ),
    '',
  ];
}

/** A varied key's values: a grid key's list, a searched key's distribution. */
function valuesText(input: ReportInput, key: string): string {
  const search = input.spec.search;
  const distribution = search?.space[key];
  if (search && distribution) return readmeText.searched(distributionText(distribution), search.trials, search.seed);
  return (input.spec.grid[key] ?? []).map(valueText).join('; ');
}

/** A distribution in words, its bounds as the key's values read: "log-uniform from 1e-6 to 0.01". */
function distributionText(distribution: Distribution): string {
  if ('choice' in distribution) return `one of ${distribution.choice.map(valueText).join('; ')}`;
  const kind = kindOf(distribution) as Exclude<DistributionKind, 'choice'>;
  const [lo, hi] = (distribution as Record<string, [number, number]>)[kind];
  return `${DISTRIBUTION_WORDS[kind]} from ${valueText(lo)} to ${valueText(hi)}`;
}

const DISTRIBUTION_WORDS: Record<Exclude<DistributionKind, 'choice'>, string> = {
  uniform: 'uniform',
  loguniform: 'log-uniform',
  int: 'an integer, uniform,',
  logint: 'an integer, log-uniform,',
};

/** A note per evaluation slice that shares images with its run's training slice, each said once. */
function overlapLines(input: ReportInput): string[] {
  const notes = new Set(input.results.flatMap((r) => overlaps(r.run.config.data).map((o) => readmeText.overlap(o.slice, o.split, o.start, o.end, o.size))));
  return [...notes].flatMap((note) => [note, '']);
}

function describeValues(input: ReportInput, r: RunResult): string {
  const keys = input.varying.filter((k) => k !== 'repeat');
  if (keys.length === 0) return '';
  return ` (${keys.map((k) => `${keyWords(k)} ${valueText(r.run.values[k])}`).join(', ')})`;
}

function resultsTable(input: ReportInput, slices: string[], best: RunResult | null): string[] {
  const header = [
    '', 'run', ...input.varying.map(keyWords), 'status', 'final loss',
    ...slices.map((s) => `${s} accuracy`), 'diverged at',
  ];
  const rows = input.results.map((r) => {
    const last = r.evaluations.at(-1);
    const finalLoss = r.losses.at(-1);
    return [
      r === best ? readmeText.bestMark : '',
      `\`${r.run.id}\``,
      ...input.varying.map((k) => valueText(r.run.values[k])),
      r.status === 'pruned' ? readmeText.prunedAt(r.prunedAt ?? 0) : r.status,
      finalLoss === undefined ? '' : lossText(finalLoss),
      ...slices.map((s) => (last?.accuracy[s] === undefined ? '' : accuracyText(last.accuracy[s]))),
      r.divergedAt === null ? '' : String(r.divergedAt),
    ];
  });
  return markdownTable(header, rows);
}

/** The best run up close: where it goes wrong, per digit, and how to use its model. */
function bestRunLines(a: BestRunAnalysis): string[] {
  const folder = `runs/${a.run}`;
  const pair = mostConfusedPair(a.matrix);
  const total = a.matrix.flat().reduce((s, n) => s + n, 0);
  const correct = a.matrix.reduce((s, row, d) => s + row[d], 0);
  const perDigit = perDigitAccuracy(a.matrix);
  const word = classWord(a.matrix.length);
  return [
    readmeText.bestRunHeading(a.run),
    '',
    readmeText.confusionSummary(a.slice, correct, total, word, a.perClass !== undefined),
    '',
    `| ${word} | ${perDigit.map((_, d) => String(d)).join(' | ')} |`,
    `| --- | ${perDigit.map(() => '---').join(' | ')} |`,
    ...(a.perClass
      ? a.perClass.map(({ run, accuracy }) => `| \`${run}\`${run === a.run ? ` ${readmeText.bestMark}` : ''} | ${accuracy.map((x) => (x === null ? '' : x.toFixed(3))).join(' | ')} |`)
      : [`| ${readmeText.accuracyRow} | ${perDigit.map((x) => (x === null ? '' : x.toFixed(3))).join(' | ')} |`]),
    '',
    ...(pair ? [readmeText.mostConfused(pair.actual, pair.predicted, pair.count), ''] : []),
    ...(a.confusionSvg ? [readmeText.confusionIntro(word), '', `![${readmeText.confusionAlt(a.run, a.slice)}](${a.confusionSvg})`, ''] : []),
    ...(a.mistakesSvg ? [readmeText.mistakesIntro(a.slice, word), '', `![${readmeText.mistakesAlt(a.run, a.slice, word)}](${a.mistakesSvg})`, ''] : []),
    readmeText.useModel(folder, word),
    '',
    '```sh',
    `npx run-experiments predict ${folder} your-${word === 'digit' ? 'digit' : 'image'}.png --show seen.png`,
    '```',
    '',
  ];
}
