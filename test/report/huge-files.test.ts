/**
 * A results file larger than any the runner writes (a sparse file costs nothing to make) is
 * refused at once, by its size, with one line naming it: read, a 100 GiB metrics.csv took
 * `report` two minutes and 17 GB of memory before the process aborted.
 */
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { ExitCode } from '../../src/cli/command.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { reportMessages } from '../../src/report/messages.js';
import { writeReport } from '../../src/report/write-report.js';
import { resultsMessages } from '../../src/results/messages.js';
import { MAX_TEXT_BYTES } from '../../src/results/read-opened.js';
import { readRunFolderFiles } from '../../src/results/verified-runs.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { asPlanned, seedLikeResults } from './fixtures.js';
import { scratchDir } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';

const HUGE = 100 * 1024 ** 3;

async function writtenReport(): Promise<string> {
  const dir = scratchDir('huge-files');
  const { plan, results } = asPlanned(seedLikeResults());
  for (const result of results) writeRunFolder(dir, result);
  await writeReport(dir, plan, results, [{ run: results[0].run.id, seconds: 1 }]);
  return dir;
}

describe('a results file of 100 GiB', () => {
  it('in a run folder: report names the run and the file, and exits 2', async () => {
    const dir = await writtenReport();
    truncateSync(join(dir, 'runs', 'lr-0.5', 'metrics.csv'), HUGE);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    const reason = readFileMessages.tooLarge(HUGE, MAX_TEXT_BYTES, 'a results file');
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.reportRunMissing(dir, 'lr-0.5', resultsMessages.unreadableFile('metrics.csv', reason))}\n`);
    expect(reason).toContain('100 GiB');
  });

  it('as experiment.json: report says it is damaged, and why', async () => {
    const dir = await writtenReport();
    truncateSync(join(dir, 'experiment.json'), HUGE);
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentDamaged(join(dir, 'experiment.json'), readFileMessages.tooLarge(HUGE, MAX_TEXT_BYTES, 'a results file'))}\n`);
  });

  it('is not read when a rerun hashes a run folder: the folder is then checked in full, which says why', async () => {
    const dir = await writtenReport();
    const folder = join(dir, 'runs', 'lr-0.5');
    expect(readRunFolderFiles(folder, ['metrics.csv'])).not.toBeNull();
    truncateSync(join(folder, 'metrics.csv'), HUGE);
    expect(readRunFolderFiles(folder, ['metrics.csv'])).toBeNull();
    expect(readRunFolderFiles(folder, [])).toBeNull();
  });
});
