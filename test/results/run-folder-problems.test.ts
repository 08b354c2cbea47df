/** What is wrong with a run's folder, as the runner is told before it trains again. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileMessages } from '../../src/core/read-file.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { readRunFolderFiles } from '../../src/results/verified-runs.js';
import { inspectRunFolder, readText, runFolderPath, RUNS_FOLDER, writeRunFolder } from '../../src/results/run-folder.js';
import { makePlan, makeResult } from '../report/fixtures.js';
import { scratchDir } from '../helpers/folders.js';

const [run, other] = makePlan([0.5, 0.1], 1, 300).runs;

describe("a run folder's problems", () => {
  it('is written under runs/<run id>', () => {
    const dir = scratchDir('run-folder');
    expect(RUNS_FOLDER).toBe('runs');
    expect(runFolderPath(dir, run.id)).toBe(join(dir, 'runs', run.id));
  });

  it('names each of its files that cannot be read, with the reason', () => {
    const dir = scratchDir('run-folder');
    writeRunFolder(dir, makeResult(run, 'completed'));
    const folder = runFolderPath(dir, run.id);
    for (const name of FILES) {
      expect(inspectRunFolder(withFolderFor(folder, name), run.id), name).toEqual({ problem: m.unreadableFile(name, 'illegal operation on a directory (EISDIR)') });
    }
  });

  it('says which run a folder belongs to when it holds another run', () => {
    const dir = scratchDir('run-folder');
    writeRunFolder(dir, makeResult(other, 'completed'));
    expect(inspectRunFolder(runFolderPath(dir, other.id), run.id)).toEqual({ problem: m.otherRun('config.json', other.id) });
  });
});

const FILES = ['config.json', 'metrics.csv', 'evaluations.csv'];

/** A copy of a run's folder in which `name` is a folder. */
function withFolderFor(folder: string, name: string): string {
  const copy = join(scratchDir('run-folder'), 'copy');
  mkdirSync(copy);
  for (const file of FILES) {
    if (file === name) mkdirSync(join(copy, file));
    else writeFileSync(join(copy, file), readText(join(folder, file)) as string);
  }
  return copy;
}

describe('a file read for a run folder', () => {
  it('is its text, or null when it or its folder is not there', () => {
    const dir = scratchDir('run-folder');
    writeFileSync(join(dir, 'a.txt'), 'text');
    expect(readText(join(dir, 'a.txt'))).toBe('text');
    expect(readText(join(dir, 'absent.txt'))).toBeNull();
    expect(readText(join(dir, 'a.txt', 'inside'))).toBeNull();
  });

  it('is refused at once, not waited on, when it is a FIFO: the run is told why and trains again', () => {
    const dir = scratchDir('run-folder');
    writeRunFolder(dir, makeResult(run, 'completed'));
    const folder = runFolderPath(dir, run.id);
    rmSync(join(folder, 'metrics.csv'));
    execFileSync('mkfifo', [join(folder, 'metrics.csv')]);
    expect(readText(join(folder, 'metrics.csv'))).toEqual({ reason: readFileMessages.notRegular('a FIFO') });
    expect(readRunFolderFiles(folder, ['metrics.csv'])).toBeNull();
    expect(inspectRunFolder(folder, run.id)).toEqual({ problem: m.unreadableFile('metrics.csv', readFileMessages.notRegular('a FIFO')) });
  });

  it("is the OS's reason when it is there but cannot be read", () => {
    const dir = scratchDir('run-folder');
    expect(readText(dir)).toEqual({ reason: 'illegal operation on a directory (EISDIR)' });
  });
});
