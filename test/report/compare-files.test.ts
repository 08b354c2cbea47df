/** The comparison's runs.csv and README.md: a row per compared run, what happened to it, the charts, and the command again. */
import { describe, expect, it } from 'vitest';
import { compareReadme, compareRunsCsv } from '../../src/report/compare/compare-files.js';
import type { ComparedRun } from '../../src/report/compare/sources.js';
import { outcome } from '../../src/report/outcome.js';
import { readmeText } from '../../src/report/readme-text.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from './fixtures.js';

function compared(name: string, rate: number, status: RunResult['status'], ending: Partial<RunResult>): ComparedRun {
  const plan = makePlan([rate]);
  const spec = { ...plan.spec, name };
  const experiment = { format: 1 as const, spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) };
  const result = { ...makeResult(plan.runs[0], status), ...ending };
  return { label: `${name}:${plan.runs[0].id}`, dir: `results/${name}`, experiment, result };
}

const runs = (): ComparedRun[] => [
  compared('first', 0.5, 'completed', { losses: [2.3, 0.25], evaluations: [{ iteration: 0, epoch: 0, accuracy: { train: 0.5, test: 0.25 } }, { iteration: 1, epoch: 0.01, accuracy: { train: 0.9375, test: 0.875 } }] }),
  compared('se|cond', 1.5, 'diverged', { losses: [2.3, 9, Number.NaN], evaluations: [{ iteration: 0, epoch: 0, accuracy: { train: 0.125 } }], divergedAt: 2 }),
  compared('third', 0.1, 'failed', { losses: [], evaluations: [], error: 'out of memory' }),
];

describe("a comparison's runs.csv", () => {
  it('has a row per run: its experiment, id, status, final loss, last accuracy per slice and where it diverged', () => {
    expect(compareRunsCsv(runs(), ['train', 'test'])).toBe([
      'experiment,run,status,final_loss,train_accuracy,test_accuracy,diverged_at',
      'first,lr-0.5,completed,0.25,0.9375,0.875,',
      'se|cond,lr-1.5,diverged,NaN,0.125,,2',
      'third,lr-0.1,failed,,,,',
      '',
    ].join('\n'));
  });
});

describe("a comparison's README", () => {
  it('quotes, in the command that draws it again, the arguments a shell would split or read otherwise', () => {
    const text = compareReadme(runs(), ['test'], ['my results/a', "it's", 'plain/x:lr-0.5'], 'out dir', []);
    expect(text).toContain(`npx run-experiments compare 'my results/a' 'it'\\''s' plain/x:lr-0.5 --out 'out dir'\n`);
  });

  it('gives the command that draws it again, a row per run, what happened to each and the charts', () => {
    const text = compareReadme(runs(), ['test'], ['results/first', 'results/se|cond:lr-1.5'], 'cmp', [{ title: 'Loss', path: 'charts/loss.svg' }]);
    const [first, second, third] = runs();
    expect(text).toBe([
      `# ${readmeText.compareTitle(3)}`,
      '',
      readmeText.compareIntro,
      '',
      '```sh',
      "npx run-experiments compare results/first 'results/se|cond:lr-1.5' --out cmp",
      '```',
      '',
      '| run | results | status | final loss | test accuracy |',
      '| --- | --- | --- | --- | --- |',
      '| `first:lr-0.5` | `results/first` | completed | 0.25 | 0.875 |',
      '| `se\\|cond:lr-1.5` | `results/se\\|cond` | diverged | NaN |  |',
      '| `third:lr-0.1` | `results/third` | failed |  |  |',
      '',
      `- \`first:lr-0.5\`: ${outcome(first.result)}.`,
      `- \`se|cond:lr-1.5\`: ${outcome(second.result)}.`,
      `- \`third:lr-0.1\`: ${outcome(third.result)}.`,
      '',
      '![Loss](charts/loss.svg)',
      '',
    ].join('\n'));
  });

  it("shows a run's last accuracy and loss however many evaluations came before", () => {
    const evaluations = [0.25, 0.5, 0.75].map((test, i) => ({ iteration: i, epoch: i / 100, accuracy: { test } }));
    const text = compareReadme([compared('x', 0.1, 'completed', { losses: [2, 1, 0.5, 0.125], evaluations })], ['test'], ['x'], 'out', []);
    expect(text).toContain('| `x:lr-0.1` | `results/x` | completed | 0.125 | 0.750 |');
  });

  it('ends each outcome with one full stop and the file with one newline, charts or none', () => {
    const text = compareReadme([compared('x', 0.1, 'failed', { losses: [], evaluations: [], error: 'stopped.' })], [], ['x'], 'out', []);
    expect(text.endsWith('- `x:lr-0.1`: failed: stopped.\n')).toBe(true);
  });
});
