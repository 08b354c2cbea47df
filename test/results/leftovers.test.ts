/**
 * The sweep of what killed processes leave in a results folder, in-process (the CLI's side
 * of it is in test/schedule/results-folder.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsMessages as m } from '../../src/results/messages.js';
import { sweepLeftovers } from '../../src/results/leftovers.js';
import { folderWith, tree } from '../helpers/folders.js';

/** The pid of a process that has exited. */
const gone = spawnSync(process.execPath, ['-e', '']).pid!;
/** A process that is running, and is not this one. */
const running = process.ppid;

function sweep(dir: string, isCompleteRun: (folder: string, runId: string) => boolean = () => true) {
  const said: string[] = [];
  const asked: [string, string][] = [];
  sweepLeftovers(dir, {
    isCompleteRun: (folder, runId) => {
      asked.push([folder, runId]);
      return isCompleteRun(folder, runId);
    },
    say: (line) => said.push(line),
  });
  return { said, asked, files: existsSync(dir) ? [...tree(dir).keys()].sort() : [] };
}

describe('the sweep of leftovers', () => {
  it('removes the temporaries of a process that is gone, at the top, in runs/ and in a run folder, saying so for each', () => {
    const dir = folderWith({
      [`runs.csv.tmp-${gone}`]: 'half',
      'runs.csv': 'whole',
      [`runs/a.tmp-${gone}/metrics.csv`]: 'half',
      [`runs/b/model.bin.tmp-${gone}`]: 'half',
      'runs/b/model.bin': 'whole',
    });
    const { said, files } = sweep(dir);
    expect(files).toEqual(['runs.csv', 'runs/b/model.bin']);
    expect(said).toEqual([
      m.removedLeftover(join(dir, `runs.csv.tmp-${gone}`)),
      m.removedLeftover(join(dir, 'runs', `a.tmp-${gone}`)),
      m.removedLeftover(join(dir, 'runs', 'b', `model.bin.tmp-${gone}`)),
    ]);
  });

  it('leaves alone the temporaries of a process still running, and names that only look like temporaries', () => {
    const files = {
      [`runs.csv.tmp-${running}`]: 'being written',
      [`runs/a/metrics.csv.tmp-${running}`]: 'being written',
      'notes.tmp-12x': 'a user file',
      'notes.tmp-': 'a user file',
      [`notes.tmp-${gone}.txt`]: 'a user file',
    };
    const dir = folderWith(files);
    const { said, files: after } = sweep(dir);
    expect(said).toEqual([]);
    expect(after).toEqual(Object.keys(files).sort());
  });

  it("sweeps this process's own temporaries too: nothing of this process is being written at the start", () => {
    const dir = folderWith({ [`runs.csv.tmp-${process.pid}`]: 'half' });
    expect(sweep(dir).files).toEqual([]);
  });

  it('renames back a whole run folder left as .old-<pid> when its run folder is missing', () => {
    const dir = folderWith({ [`runs/a.old-${gone}/config.json`]: '{"whole":true}' });
    const { said, asked, files } = sweep(dir);
    expect(files).toEqual(['runs/a/config.json']);
    expect(readFileSync(join(dir, 'runs', 'a', 'config.json'), 'utf8')).toBe('{"whole":true}');
    expect(asked).toEqual([[join(dir, 'runs', `a.old-${gone}`), 'a']]);
    expect(said).toEqual([m.recoveredFolder(join(dir, 'runs', `a.old-${gone}`), join(dir, 'runs', 'a'))]);
  });

  it('removes a .old-<pid> run folder that is incomplete, or whose run folder is back in place', () => {
    const incomplete = folderWith({ [`runs/a.old-${gone}/config.json`]: 'half' });
    expect(sweep(incomplete, () => false).files).toEqual([]);
    const replaced = folderWith({ [`runs/a.old-${gone}/config.json`]: 'old', 'runs/a/config.json': 'new' });
    const { said, asked, files } = sweep(replaced);
    expect(files).toEqual(['runs/a/config.json']);
    expect(readFileSync(join(replaced, 'runs', 'a', 'config.json'), 'utf8')).toBe('new');
    expect(asked).toEqual([]);
    expect(said).toEqual([m.removedLeftover(join(replaced, 'runs', `a.old-${gone}`))]);
  });

  it('removes a .old-<pid> that is a file, not a folder, instead of renaming it', () => {
    const dir = folderWith({ [`runs/a.old-${gone}`]: 'a file' });
    const { files, said } = sweep(dir);
    expect(files).toEqual([]);
    expect(existsSync(join(dir, 'runs', 'a'))).toBe(false);
    expect(said).toEqual([m.removedLeftover(join(dir, 'runs', `a.old-${gone}`))]);
  });

  it('renames back a top-level folder left as .old-<pid> without asking whether it is a run', () => {
    const dir = folderWith({ [`charts.old-${gone}/a.svg`]: '<svg/>' });
    const { files, asked } = sweep(dir, () => false);
    expect(files).toEqual(['charts/a.svg']);
    expect(asked).toEqual([]);
  });

  it('never touches a .old-<pid> inside a run folder but removes it: there is nothing to recover there', () => {
    const dir = folderWith({ [`runs/a/sub.old-${gone}/x`]: 'old' });
    mkdirSync(join(dir, 'runs', 'b'));
    const { files, asked } = sweep(dir);
    expect(files).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('does nothing in a results folder that does not exist yet, or has no runs/', () => {
    const dir = folderWith({ 'runs.csv': 'whole' });
    expect(sweep(join(dir, 'absent'))).toEqual({ said: [], asked: [], files: [] });
    expect(sweep(dir).files).toEqual(['runs.csv']);
  });

  it('skips a file named like a run in runs/ instead of sweeping into it', () => {
    const dir = folderWith({ 'runs/a': 'a file' });
    writeFileSync(join(dir, 'runs', 'b'), '');
    expect(sweep(dir).files).toEqual(['runs/a', 'runs/b']);
  });

  it('gives back what each run folder holds once swept, so the cache check need not list it again', () => {
    const dir = folderWith({
      [`runs/a/model.bin.tmp-${gone}`]: 'half',
      'runs/a/model.bin': 'whole',
      'runs/a/config.json': '{}',
      'runs/b/metrics.csv': 'x',
      [`runs/c.tmp-${gone}/metrics.csv`]: 'half',
      'runs/d': 'a file',
    });
    const listing = sweepLeftovers(dir, { isCompleteRun: () => true, say: () => undefined });
    expect([...listing]).toEqual([['a', ['config.json', 'model.bin']], ['b', ['metrics.csv']]]);
  });
});
