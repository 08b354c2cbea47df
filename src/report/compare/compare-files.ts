/** The comparison's runs.csv and README.md: one row per compared run, the charts, and how to draw it again. */
import { toCsv } from '../../results/csv.js';
import { formatNumber } from '../../results/numbers.js';
import { accuracyColumn } from '../../results/run-files.js';
import { lossText } from '../messages.js';
import { outcome } from '../outcome.js';
import { readmeText } from '../readme-text.js';
import type { ComparedRun } from './sources.js';
import { shellWord } from '../shell-word.js';

/** runs.csv: experiment, run, status, final_loss, <slice>_accuracy..., diverged_at. */
export function compareRunsCsv(runs: ComparedRun[], slices: string[]): string {
  return toCsv(['experiment', 'run', 'status', 'final_loss', ...slices.map(accuracyColumn), 'diverged_at'], runs.map(({ experiment, result }) => {
    const last = result.evaluations.at(-1);
    const loss = result.losses.at(-1);
    return [
      experiment.spec.name, result.run.id, result.status, loss === undefined ? '' : formatNumber(loss),
      ...slices.map((s) => (last?.accuracy[s] === undefined ? '' : formatNumber(last.accuracy[s]))),
      result.divergedAt === null ? '' : String(result.divergedAt),
    ];
  }));
}

export function compareReadme(runs: ComparedRun[], slices: string[], sources: string[], out: string, charts: { title: string; path: string }[]): string {
  const header = ['run', 'results', 'status', 'final loss', ...slices.map((s) => `${s} accuracy`)];
  const rows = runs.map(({ label, dir, result }) => {
    const last = result.evaluations.at(-1);
    const loss = result.losses.at(-1);
    return [`\`${label}\``, `\`${dir}\``, result.status, loss === undefined ? '' : lossText(loss),
      ...slices.map((s) => (last?.accuracy[s] === undefined ? '' : last.accuracy[s].toFixed(3)))];
  });
  const lines = [
    `# ${readmeText.compareTitle(runs.length)}`,
    '',
    readmeText.compareIntro,
    '',
    '```sh',
    `npx run-experiments compare ${sources.map(shellWord).join(' ')} --out ${shellWord(out)}`,
    '```',
    '',
    ...[header, header.map(() => '---'), ...rows].map((row) => `| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
    '',
    ...runs.map(({ label, result }) => `- \`${label}\`: ${outcome(result).replace(/\.$/, '')}.`),
    '',
    ...charts.flatMap((c) => [`![${c.title}](${c.path})`, '']),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
