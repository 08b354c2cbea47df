/**
 * results/<name>/README.md: what was run, a table of the runs with the best marked,
 * one sentence per run on what happened, and the charts. No dates or timings, so
 * identical results give an identical README.
 */
import { stringify } from 'yaml';
import { formatNumber } from '../results/numbers.js';
import type { RunResult } from '../results/types.js';
import { readmeText } from './readme-text.js';
import { judgedSlice, lastAccuracy, outcome } from './outcome.js';
import { slicesOf, type BestRunAnalysis, type ReportInput } from './report-input.js';
import { keyWords, valueText } from './words.js';
import { lossText } from './messages.js';
import { bestBy } from './select.js';
import { fixedSettings } from './fixed-settings.js';
import { overlaps } from '../spec/overlap.js';
import { classWord } from '../analysis/class-word.js';
import { mostConfusedPair, perDigitAccuracy } from '../analysis/confusion.js';

export interface ChartLinks {
  comparisons: { title: string; path: string }[];
  /** Run id -> the path of its chart, for the runs drawn up close. */
  runs: Record<string, string>;
}

export function readme(input: ReportInput, charts: ChartLinks): string {
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
    ...(best ? [input.spec.report.select ? readmeText.selectNote(input.spec.report.select.metric, input.spec.report.select.mode) : readmeText.bestNote(judged ?? ''), ''] : []),
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
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function variedLines(input: ReportInput): string[] {
  if (input.varying.length === 0) return [];
  return [
    readmeText.variedHeading,
    '',
    ...input.varying.map((key) =>
      key === 'repeat'
        ? `- ${readmeText.repeats(input.spec.repeat, input.spec.training.seed)}`
        : `- ${keyWords(key)} (\`${key}\`): ${(input.spec.grid[key] ?? []).map(valueText).join('; ')}`,
    ),
    '',
  ];
}

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

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
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
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`);
}

function accuracyText(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : formatNumber(x);
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
