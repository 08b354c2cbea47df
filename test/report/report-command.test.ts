import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { ExitCode } from '../../src/cli/command.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { reportMessages } from '../../src/report/messages.js';
import { resultsMessages } from '../../src/results/messages.js';
import { writeReport } from '../../src/report/write-report.js';
import { runHash } from '../../src/plan/hash.js';
import { copyFlagship } from '../serve/results.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { makeResultsFolder } from '../../src/schedule/results-folder.js';
import { asPlanned, repeatResults, seedLikeResults } from './fixtures.js';
import { scratchDir, tree } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';
import { cliMessages } from '../../src/cli/messages.js';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function writtenReport(make = seedLikeResults) {
  const dir = scratchDir('report-cmd');
  const { plan, results } = asPlanned(make());
  for (const result of results) writeRunFolder(dir, result);
  await writeReport(dir, plan, results, [{ run: results[0].run.id, seconds: 1 }]);
  return dir;
}

describe('run-experiments report DIR', () => {
  it('redraws the charts, runs.csv and README byte for byte from the saved results', async () => {
    for (const make of [seedLikeResults, repeatResults]) {
      const dir = await writtenReport(make);
      const before = tree(dir);
      const svgs = [...before.keys()].filter((name) => name.endsWith('.svg'));
      for (const name of svgs) rmSync(join(dir, name));
      rmSync(join(dir, 'README.md'));
      rmSync(join(dir, 'runs.csv'));
      const io = fakeIo(dir);
      expect(await runCli(['report', '.'], io)).toBe(ExitCode.ok);
      expect(tree(dir)).toEqual(before);
      expect(io.out()).toBe(cliMessages.reportRendered('.', svgs.length, 0));
    }
  });

  it('draws nothing again when nothing changed, and only the picture whose spec changed', async () => {
    const dir = await writtenReport();
    const io = fakeIo(dir);
    expect(await runCli(['report', '.'], io)).toBe(ExitCode.ok);
    const pictures = [...tree(dir).keys()].filter((name) => name.endsWith('.svg')).length;
    expect(io.out()).toBe(cliMessages.reportRendered('.', 0, pictures));
    writeFileSync(join(dir, 'charts/loss.vl.json'), '{}\n');
    const again = fakeIo(dir);
    expect(await runCli(['report', '.'], again)).toBe(ExitCode.ok);
    expect(again.out()).toBe(cliMessages.reportRendered('.', 1, pictures - 1));
  });

  it('draws the best few runs up close, and any other run asked for with --run, from then on', async () => {
    const dir = await writtenReport(repeatResults);
    const drawn = () => readdirSync(join(dir, 'charts/runs')).sort();
    expect(drawn()).toHaveLength(3);
    const other = asPlanned(repeatResults()).results.map((r) => r.run.id).find((id) => !drawn().includes(id))!;
    expect(await runCli(['report', '.', '--run', other], fakeIo(dir))).toBe(ExitCode.ok);
    expect(drawn()).toContain(other);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`![${other}](charts/runs/${other}/chart.svg)`);
    // a later report remembers the request
    const { plan, results } = asPlanned(repeatResults());
    await writeReport(dir, plan, results, null);
    expect(drawn()).toHaveLength(4);
    const io = fakeIo(dir);
    expect(await runCli(['report', '.', '--run', 'nope'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain(reportMessages.reportUnknownRun(dir, 'nope', plan.runs.map((r) => r.id)));
  });

  it('refuses to run without exactly one folder, and exits 2 without a stack trace', async () => {
    const io = fakeIo(scratchDir('report-cmd'));
    expect(await runCli(['report'], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${cliMessages.reportNeedsOneDir(0)}\n`);
    const io2 = fakeIo(scratchDir('report-cmd'));
    expect(await runCli(['report', 'a', 'b'], io2)).toBe(ExitCode.usage);
    expect(io2.err()).toContain(cliMessages.reportNeedsOneDir(2));
  });

  it('says so when the folder does not exist or is not a results folder', async () => {
    const cwd = scratchDir('report-cmd');
    const missing = fakeIo(cwd);
    expect(await runCli(['report', 'nowhere'], missing)).toBe(ExitCode.usage);
    expect(missing.err()).toBe(`run-experiments report: ${reportMessages.reportDirMissing(join(cwd, 'nowhere'))}\n`);
    mkdirSync(join(cwd, 'empty'));
    const empty = fakeIo(cwd);
    expect(await runCli(['report', 'empty'], empty)).toBe(ExitCode.usage);
    expect(empty.err()).toContain(reportMessages.reportNotResultsDir(join(cwd, 'empty'), 'experiment.json'));
    expect(empty.err()).not.toMatch(/\n\s+at /);
    writeFileSync(join(cwd, 'file'), 'x');
    for (const [arg, message] of [['file', reportMessages.reportNotADir(join(cwd, 'file'))], ['file/sub', reportMessages.reportDirMissing(join(cwd, 'file/sub'))]]) {
      const io = fakeIo(cwd);
      expect(await runCli(['report', arg], io)).toBe(ExitCode.usage);
      expect(io.err()).toBe(`run-experiments report: ${message}\n`);
    }
  });

  it('says which run is missing when a run folder was deleted', async () => {
    const dir = await writtenReport();
    rmSync(join(dir, 'runs', 'lr-1.5', 'metrics.csv'));
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.reportRunMissing(dir, 'lr-1.5', resultsMessages.missingFile('metrics.csv'))}\n`);
  });

  it('refuses a run whose confusion matrix or mistakes were edited by hand, or that holds a CSV file its run did not write, before writing anything', async () => {
    const dir = copyFlagship(scratchDir('report-edited'));
    const readme = readFileSync(join(dir, 'README.md'));
    const path = join(dir, 'runs', 'lr-1.2', 'confusion-test.csv');
    const original = readFileSync(path, 'utf8');
    // one count moved within the first row: the same total, a well-formed matrix
    const [header, first, ...rest] = original.split('\n');
    const cells = first.split(',');
    cells[1] = String(Number(cells[1]) - 1);
    cells[2] = String(Number(cells[2]) + 1);
    writeFileSync(path, [header, cells.join(','), ...rest].join('\n'));
    const edited = fakeIo(dir);
    expect(await runCli(['report', dir], edited)).toBe(ExitCode.usage);
    expect(edited.err()).toBe(`run-experiments report: ${reportMessages.reportRunMissing(dir, 'lr-1.2', resultsMessages.changedByHand('confusion-test.csv'))}\n`);
    writeFileSync(path, original);
    cpSync(join(dir, 'runs', 'lr-1.2', 'mistakes-test.csv'), join(dir, 'runs', 'lr-1.2', 'mistakes-train.csv'));
    const added = fakeIo(dir);
    expect(await runCli(['report', dir], added)).toBe(ExitCode.usage);
    expect(added.err()).toBe(`run-experiments report: ${reportMessages.reportRunMissing(dir, 'lr-1.2', resultsMessages.notRecorded('mistakes-train.csv'))}\n`);
    expect(readFileSync(join(dir, 'README.md')).equals(readme)).toBe(true);
  });

  it('refuses an experiment.json that is a FIFO at once, naming it', async () => {
    const dir = await writtenReport();
    rmSync(join(dir, 'experiment.json'));
    execFileSync('mkfifo', [join(dir, 'experiment.json')]);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentDamaged(join(dir, 'experiment.json'), readFileMessages.notRegular('a FIFO'))}\n`);
  });

  it('refuses an experiment.json whose runs or varying keys are not what its spec plans, naming it, before writing anything', async () => {
    const dir = copyFlagship(scratchDir('report-plan'));
    const path = join(dir, 'experiment.json');
    const original = readFileSync(path, 'utf8');
    const file = JSON.parse(original) as { spec: { grid: Record<string, number[]>; training: { seed: number } }; varying: string[]; runs: { id: string; hash: string }[] };
    const edits: [(f: typeof file) => void, string][] = [
      [(f) => f.runs.pop(), reportMessages.planRunMissing('lr-1.5')],
      [(f) => (f.spec.grid['training.learning_rate'] = [0.5, 1.2, 1.6]), reportMessages.planRunExtra('lr-1.5')],
      [(f) => f.runs.reverse(), reportMessages.planRunOrder],
      [(f) => (f.varying = []), reportMessages.planVarying([], ['training.learning_rate'])],
    ];
    for (const [edit, problem] of edits) {
      const edited = JSON.parse(original) as typeof file;
      edit(edited);
      writeFileSync(path, JSON.stringify(edited, null, 2));
      const before = tree(dir);
      const io = fakeIo(dir);
      expect(await runCli(['report', dir], io), problem).toBe(ExitCode.usage);
      expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentNotPlanned(path, problem)}\n`);
      expect(tree(dir)).toEqual(before);
    }
    // a spec value changed: every run's planned hash changes with it
    const seeded = JSON.parse(original) as typeof file;
    seeded.spec.training.seed += 1;
    writeFileSync(path, JSON.stringify(seeded, null, 2));
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(new RegExp(`^run-experiments report: ${escape(reportMessages.experimentNotPlanned(path, reportMessages.planRunHash('lr-0.5', file.runs[0].hash, 'HASH'))).replace('HASH', '[0-9a-f]{12}')}\n$`));
  });

  it('refuses an experiment.json whose spec was edited to plan billions of runs by their count, without planning them', async () => {
    const dir = copyFlagship(scratchDir('report-plan-count'));
    const path = join(dir, 'experiment.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { spec: { repeat: number }; runs: unknown[] };
    file.spec.repeat = Number.MAX_SAFE_INTEGER;
    writeFileSync(path, JSON.stringify(file, null, 2));
    const before = tree(dir);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    const problem = reportMessages.planRunCount(file.runs.length, file.runs.length * Number.MAX_SAFE_INTEGER);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentNotPlanned(path, problem)}\n`);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a run folder whose config.json records other settings than its spec plans, under the planned hash', async () => {
    const dir = await writtenReport();
    const { results } = asPlanned(seedLikeResults());
    const good = results[0];
    const config = { ...good.run.config, training: { ...good.run.config.training, learning_rate: 0.7 } };
    writeRunFolder(dir, { ...good, run: { ...good.run, config } });
    const before = tree(dir);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentNotPlanned(join(dir, 'experiment.json'), reportMessages.planRecord('lr-0.5', runHash(config), good.run.hash))}\n`);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a picture folder that is a symbolic link, before writing into or deleting from where it leads', async () => {
    for (const linked of ['charts', 'charts/runs', 'charts/runs/lr-0.5']) {
      const dir = await writtenReport();
      // someone else's folder, with pictures and a runs/ folder of its own, where the link leads
      const elsewhere = scratchDir('report-link-target');
      mkdirSync(join(elsewhere, 'runs', 'precious'), { recursive: true });
      writeFileSync(join(elsewhere, 'photo.svg'), '<svg/>');
      writeFileSync(join(elsewhere, 'runs', 'precious', 'notes.txt'), 'keep me');
      rmSync(join(dir, linked), { recursive: true });
      symlinkSync(elsewhere, join(dir, linked));
      const [before, theirs] = [tree(dir), tree(elsewhere)];
      const io = fakeIo(dir);
      expect(await runCli(['report', dir], io), linked).toBe(ExitCode.usage);
      expect(io.err()).toBe(`run-experiments report: ${reportMessages.pictureFolderLinked(join(dir, linked), elsewhere)}\n`);
      expect(tree(elsewhere)).toEqual(theirs);
      expect(tree(dir)).toEqual(before);
      // run refuses it too, before training anything
      expect(() => makeResultsFolder(dir, 'lr-comparison')).toThrow(reportMessages.pictureFolderLinked(join(dir, linked), elsewhere));
    }
  });

  it('names the damaged file of a run folder, not only the run', async () => {
    const dir = await writtenReport();
    writeFileSync(join(dir, 'runs', 'lr-0.5', 'metrics.csv'), 'garbage,,,"\n');
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.reportRunMissing(dir, 'lr-0.5', resultsMessages.badCsv('metrics.csv', 'CSV (a quote is still open at its end, line 1)'))}\n`);
  });

  it('refuses a run whose saved model is damaged (the README would point at a model predict refuses), before writing anything', async () => {
    const dir = await writtenReport();
    writeFileSync(join(dir, 'runs', 'lr-0.5', 'model.safetensors'), 'not a model');
    const before = tree(dir);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(new RegExp(`^run-experiments report: .*lr-0\\.5.*${resultsMessages.modelDamaged('').trim()}`));
    expect(tree(dir)).toEqual(before);
  });
});
