import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { ExitCode } from '../../src/cli/command.js';
import { reportMessages } from '../../src/report/messages.js';
import { writeReport } from '../../src/report/write-report.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { repeatResults, seedLikeResults } from './fixtures.js';
import { scratchDir, tree } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';
import { cliMessages } from '../../src/cli/messages.js';

async function writtenReport(make = seedLikeResults) {
  const dir = scratchDir('report-cmd');
  const { plan, results } = make();
  for (const result of results) writeRunFolder(dir, result);
  await writeReport(dir, plan, results, [{ run: results[0].run.id, seconds: 1 }]);
  return dir;
}

describe('run-experiments report DIR', () => {
  it('redraws the charts, runs.csv and README byte for byte from the saved results', async () => {
    for (const make of [seedLikeResults, repeatResults]) {
      const dir = await writtenReport(make);
      const before = tree(dir);
      rmSync(join(dir, 'charts'), { recursive: true });
      rmSync(join(dir, 'README.md'));
      rmSync(join(dir, 'runs.csv'));
      for (const run of make().results) rmSync(join(dir, 'runs', run.run.id, 'chart.svg'));
      const io = fakeIo(dir);
      expect(await runCli(['report', '.'], io)).toBe(ExitCode.ok);
      expect(tree(dir)).toEqual(before);
      expect(io.out()).toBe(cliMessages.reportRendered('.', make().results.length + 2));
    }
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
    expect(io.err()).toContain(reportMessages.reportRunMissing(dir, 'lr-1.5'));
  });
});
