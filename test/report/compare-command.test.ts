import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { ExitCode } from '../../src/cli/command.js';
import { cliMessages } from '../../src/cli/messages.js';
import { parseSource } from '../../src/report/compare/sources.js';
import { reportMessages } from '../../src/report/messages.js';
import { writeReport } from '../../src/report/write-report.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { scratchDir, tree } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';
import { asPlanned, repeatResults, seedLikeResults } from './fixtures.js';

/** Two results folders side by side in one scratch folder: a/ (lr-comparison) and b/ (an experiment named other). */
async function twoExperiments(): Promise<string> {
  const cwd = scratchDir('compare');
  for (const [name, make] of [['a', seedLikeResults], ['b', repeatResults]] as const) {
    const made = make();
    if (name === 'b') made.plan.spec.name = 'other';
    const { plan, results } = asPlanned(made);
    const dir = join(cwd, name);
    for (const result of results) writeRunFolder(dir, result);
    await writeReport(dir, plan, results, null);
  }
  return cwd;
}

const committed = (name: string): string => new URL(`../../results/${name}`, import.meta.url).pathname;

describe('run-experiments compare SOURCE... --out DIR', () => {
  it('compares a search\'s trials with another experiment\'s run (it drew the search\'s charts over runs that have no searched values, and crashed)', async () => {
    const cwd = scratchDir('compare-search');
    const io = fakeIo(cwd);
    const code = await runCli(['compare', `${committed('hyperparameter-search')}:t000`, `${committed('hyperparameter-search')}:t001`, `${committed('lr-comparison')}:lr-0.5`, '--out', 'cmp'], io);
    expect(code, io.err()).toBe(ExitCode.ok);
    expect([...tree(join(cwd, 'cmp')).keys()].filter((f) => f.startsWith('charts/') && f.endsWith('.svg'))).toEqual(['charts/accuracy.svg', 'charts/loss.svg']);
    expect(readFileSync(join(cwd, 'cmp', 'runs.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('writes README.md, runs.csv, compare.json and the charts with their specs, for runs of several experiments, the same bytes each time', async () => {
    const cwd = await twoExperiments();
    const io = fakeIo(cwd);
    expect(await runCli(['compare', 'a:lr-0.5', 'b:lr-0.5_r-1', 'a:lr-1.5', '--out', 'cmp'], io)).toBe(ExitCode.ok);
    expect(io.out()).toBe(cliMessages.compared('cmp', 3, 2));
    const written = tree(join(cwd, 'cmp'));
    expect([...written.keys()]).toEqual([
      'README.md', 'charts/accuracy.svg', 'charts/accuracy.vl.json', 'charts/loss.svg', 'charts/loss.vl.json', 'compare.json', 'runs.csv',
    ]);
    const rows = readFileSync(join(cwd, 'cmp/runs.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('experiment,run,status,final_loss,train_accuracy,test_accuracy,diverged_at');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3).join(','))).toEqual([
      'lr-comparison,lr-0.5,completed', 'other,lr-0.5_r-1,completed', 'lr-comparison,lr-1.5,diverged',
    ]);
    const readme = readFileSync(join(cwd, 'cmp/README.md'), 'utf8');
    expect(readme).toContain('npx run-experiments compare a:lr-0.5 b:lr-0.5_r-1 a:lr-1.5 --out cmp');
    expect(readme).toContain('![Training loss](charts/loss.svg)');
    const legend = JSON.parse(readFileSync(join(cwd, 'cmp/charts/loss.vl.json'), 'utf8')) as { data: { values: { series: string }[] } };
    expect(new Set(legend.data.values.map((v) => v.series))).toEqual(new Set(['run lr-comparison/lr-0.5', 'run other/lr-0.5_r-1', 'run lr-comparison/lr-1.5']));
    expect(await runCli(['compare', 'a:lr-0.5', 'b:lr-0.5_r-1', 'a:lr-1.5', '--out', 'cmp'], fakeIo(cwd))).toBe(ExitCode.ok);
    expect(tree(join(cwd, 'cmp'))).toEqual(written);
  });

  it('takes a whole results folder as every run in it', async () => {
    const cwd = await twoExperiments();
    expect(await runCli(['compare', 'b', '--out', 'all-b'], fakeIo(cwd))).toBe(ExitCode.ok);
    expect(readFileSync(join(cwd, 'all-b/runs.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1 + repeatResults().results.length);
    expect(parseSource('results/x:run-1', cwd)).toEqual({ dir: 'results/x', run: 'run-1' });
    expect(parseSource('results/x', cwd)).toEqual({ dir: 'results/x', run: null });
  });

  it('refuses bad input in one line naming the folder or run, exit 2, and writes nothing', async () => {
    const cwd = await twoExperiments();
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine/notes.txt'), 'keep me');
    const cases: [string[], string][] = [
      [['compare', 'nowhere', '--out', 'x'], reportMessages.reportDirMissing('nowhere')],
      [['compare', 'a:lr-9', '--out', 'x'], reportMessages.reportUnknownRun('a', 'lr-9', ['lr-0.5', 'lr-1.2', 'lr-1.5'])],
      [['compare', 'a:lr-0.5', 'a:lr-0.5', '--out', 'x'], reportMessages.compareTwice('lr-comparison/lr-0.5')],
      [['compare', '--out', 'x'], reportMessages.compareNothing],
      [['compare', 'a'], cliMessages.compareNeedsOut],
      [['compare', 'a', '--out', 'mine'], reportMessages.compareOutTaken('mine', 'notes.txt')],
      [['compare', 'a:lr-0.5', 'c', '--out', 'x'], reportMessages.experimentNotPlanned(join(cwd, 'c', 'experiment.json'), reportMessages.planRunOrder)],
    ];
    // c: a copy of a whose experiment.json lists its runs in another order than its spec plans them
    cpSync(join(cwd, 'a'), join(cwd, 'c'), { recursive: true });
    const file = JSON.parse(readFileSync(join(cwd, 'c', 'experiment.json'), 'utf8')) as { runs: unknown[] };
    file.runs.reverse();
    writeFileSync(join(cwd, 'c', 'experiment.json'), JSON.stringify(file));
    for (const [args, message] of cases) {
      const io = fakeIo(cwd);
      expect(await runCli(args, io), args.join(' ')).toBe(ExitCode.usage);
      expect(io.err()).toBe(`run-experiments compare: ${message}\n`);
    }
    expect(existsSync(join(cwd, 'x'))).toBe(false);
    expect(readFileSync(join(cwd, 'mine/notes.txt'), 'utf8')).toBe('keep me');
  });
});
