/**
 * What `compare` reads: `DIR` is every run of a results folder, `DIR:RUN` one run, in the order
 * given; a missing folder, a folder `run` did not write, a damaged experiment.json or one that
 * does not hold what its spec plans, an unknown run, a run folder missing or from another plan, and a run named twice are each refused in one
 * message naming the folder or run as the user wrote it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHash } from '../../src/plan/hash.js';
import { parseSource, readSources } from '../../src/report/compare/sources.js';
import { ExperimentFileError } from '../../src/report/experiment-file.js';
import { reportMessages } from '../../src/report/messages.js';
import { ResultsFolderError } from '../../src/report/render-from-disk.js';
import { runFolderPath, writeRunFolder } from '../../src/results/run-folder.js';
import { scratchDir } from '../helpers/folders.js';
import { asPlanned, makeResult, repeatResults, seedLikeResults, writeResultsFolder } from './fixtures.js';

/** A scratch folder holding a/ (lr-comparison: lr-0.5, lr-1.2, lr-1.5) and b/ (an experiment named other, six runs). */
function twoExperiments(): string {
  const cwd = scratchDir('compare-sources');
  const seed = asPlanned(seedLikeResults());
  writeResultsFolder(join(cwd, 'a'), seed.plan, seed.results);
  const made = repeatResults();
  made.plan.spec.name = 'other';
  const repeat = asPlanned(made);
  writeResultsFolder(join(cwd, 'b'), repeat.plan, repeat.results);
  return cwd;
}

const labels = (sources: string[], cwd: string): string[] => readSources(sources, cwd).map((r) => r.label);

/** The message readSources refuses `sources` with, as an error of `kind`; fails the test when it reads them. */
function refusedAs(kind: new (...args: never[]) => Error, sources: string[], cwd: string): string {
  try {
    readSources(sources, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return (error as Error).message;
  }
  throw new Error(`read ${sources.join(' ')} without complaint`);
}

const refusal = (sources: string[], cwd: string): string => refusedAs(ResultsFolderError, sources, cwd);
/** For an experiment.json that does not hold what its spec plans. */
const notPlanned = (sources: string[], cwd: string): string => refusedAs(ExperimentFileError, sources, cwd);

describe('a source of compare', () => {
  it('is DIR:RUN split at its last colon, or DIR alone', () => {
    const cwd = scratchDir('compare-sources');
    expect(parseSource('results/x:run-1', cwd)).toEqual({ dir: 'results/x', run: 'run-1' });
    expect(parseSource('results/x', cwd)).toEqual({ dir: 'results/x', run: null });
    expect(parseSource('c:/x:run-1', cwd)).toEqual({ dir: 'c:/x', run: 'run-1' });
    expect(parseSource(':run-1', cwd)).toEqual({ dir: ':run-1', run: null });
  });

  it('is a folder whose name holds a colon, taken whole, when that folder exists', () => {
    const cwd = scratchDir('compare-sources');
    mkdirSync(join(cwd, 'x:y'));
    expect(parseSource('x:y', cwd)).toEqual({ dir: 'x:y', run: null });
    expect(parseSource('x:y:lr-0.5', cwd)).toEqual({ dir: 'x:y', run: 'lr-0.5' });
    writeFileSync(join(cwd, 'f:lr-0.5'), 'a file, not a results folder');
    expect(parseSource('f:lr-0.5', cwd)).toEqual({ dir: 'f', run: 'lr-0.5' });
  });
});

describe('compare reads', () => {
  it('every run of a results folder named alone, in its plan order, each named experiment/run', () => {
    const cwd = twoExperiments();
    expect(labels(['a'], cwd)).toEqual(['lr-comparison/lr-0.5', 'lr-comparison/lr-1.2', 'lr-comparison/lr-1.5']);
  });

  it('one run of DIR:RUN, its results, experiment and folder as the user wrote it', () => {
    const cwd = twoExperiments();
    const [run] = readSources(['./a:lr-1.5'], cwd);
    expect(run.label).toBe('lr-comparison/lr-1.5');
    expect(run.dir).toBe('./a');
    expect(run.experiment.spec.name).toBe('lr-comparison');
    expect(run.result.run.id).toBe('lr-1.5');
    expect(run.result.status).toBe('diverged');
    expect(run.result.divergedAt).toBe(37);
  });

  it('the sources in the order given, runs of several experiments mixed', () => {
    const cwd = twoExperiments();
    expect(labels(['a:lr-1.5', 'b:lr-0.5_r-1', 'a:lr-0.5'], cwd)).toEqual(['lr-comparison/lr-1.5', 'other/lr-0.5_r-1', 'lr-comparison/lr-0.5']);
    expect(labels(['b:lr-0.1_r-0', 'a'], cwd)).toEqual(['other/lr-0.1_r-0', 'lr-comparison/lr-0.5', 'lr-comparison/lr-1.2', 'lr-comparison/lr-1.5']);
  });

  it('folders relative to the working folder, or absolute', () => {
    const cwd = twoExperiments();
    expect(labels(['a:lr-0.5'], join(cwd, 'a', '..'))).toEqual(['lr-comparison/lr-0.5']);
    expect(labels([`${join(cwd, 'a')}:lr-0.5`], scratchDir('elsewhere'))).toEqual(['lr-comparison/lr-0.5']);
  });

  it('only the runs experiment.json lists, not other run folders beside them', () => {
    const cwd = twoExperiments();
    const { plan } = asPlanned(seedLikeResults());
    writeRunFolder(join(cwd, 'a'), makeResult({ ...plan.runs[0], id: 'stray' }, 'completed'));
    expect(labels(['a'], cwd)).toHaveLength(3);
  });
});

describe('compare refuses, naming the folder or run as written', () => {
  it('a folder that does not exist, or a file', () => {
    const cwd = twoExperiments();
    expect(refusal(['nowhere'], cwd)).toBe(reportMessages.reportDirMissing('nowhere'));
    expect(refusal(['a:lr-0.5', 'nowhere:lr-0.5'], cwd)).toBe(reportMessages.reportDirMissing('nowhere'));
    writeFileSync(join(cwd, 'notes.txt'), 'not a folder');
    expect(refusal(['notes.txt'], cwd)).toBe(reportMessages.reportNotADir('notes.txt'));
    expect(refusal(['notes.txt:lr-0.5'], cwd)).toBe(reportMessages.reportNotADir('notes.txt'));
  });

  it('a folder without experiment.json, as not written by run', () => {
    const cwd = twoExperiments();
    mkdirSync(join(cwd, 'empty'));
    expect(refusal(['empty'], cwd)).toBe(reportMessages.reportNotResultsDir('empty', 'experiment.json'));
  });

  it('a damaged experiment.json, saying what is wrong with it', () => {
    const cwd = twoExperiments();
    writeFileSync(join(cwd, 'a', 'experiment.json'), '{"format": 1');
    expect(() => readSources(['a'], cwd)).toThrow(ExperimentFileError);
  });

  it('a run the folder does not hold, listing those it does', () => {
    const cwd = twoExperiments();
    expect(refusal(['a:lr-9'], cwd)).toBe(reportMessages.reportUnknownRun('a', 'lr-9', ['lr-0.5', 'lr-1.2', 'lr-1.5']));
  });

  it('a listed run whose folder is gone, named alone or as part of its folder', () => {
    const cwd = twoExperiments();
    rmSync(runFolderPath(join(cwd, 'a'), 'lr-1.2'), { recursive: true });
    expect(refusal(['a:lr-1.2'], cwd)).toBe(reportMessages.reportRunMissing('a', 'lr-1.2'));
    expect(refusal(['a'], cwd)).toBe(reportMessages.reportRunMissing('a', 'lr-1.2'));
    expect(labels(['a:lr-0.5', 'a:lr-1.5'], cwd)).toHaveLength(2);
  });

  it('a run folder holding the results of other settings than experiment.json lists (another hash)', () => {
    const cwd = twoExperiments();
    const { plan } = asPlanned(seedLikeResults());
    writeRunFolder(join(cwd, 'a'), makeResult({ ...plan.runs[2], hash: 'changed' }, 'completed'));
    expect(refusal(['a:lr-1.5'], cwd)).toBe(reportMessages.reportRunMissing('a', 'lr-1.5'));
  });

  it('an experiment.json whose runs or varying keys are not what its spec plans, as report refuses it', () => {
    const cwd = twoExperiments();
    const path = join(cwd, 'a', 'experiment.json');
    const original = readFileSync(path, 'utf8');
    type File = { spec: { grid: Record<string, number[]> }; varying: string[]; runs: { id: string; hash: string }[] };
    const edits: [(f: File) => void, string][] = [
      [(f) => f.runs.pop(), reportMessages.planRunMissing('lr-1.5')],
      [(f) => (f.spec.grid['training.learning_rate'] = [0.5, 1.2, 1.6]), reportMessages.planRunExtra('lr-1.5')],
      [(f) => f.runs.reverse(), reportMessages.planRunOrder],
      [(f) => (f.varying = []), reportMessages.planVarying([], ['training.learning_rate'])],
    ];
    for (const [edit, problem] of edits) {
      const edited = JSON.parse(original) as File;
      edit(edited);
      writeFileSync(path, JSON.stringify(edited, null, 2));
      // one run named alone is refused too: the file it is read through is not the experiment's
      for (const source of ['a', 'a:lr-0.5']) expect(notPlanned([source], cwd), source).toBe(reportMessages.experimentNotPlanned(path, problem));
    }
  });

  it("a listed run's folder whose config.json records other settings than its spec plans, under the planned hash", () => {
    const cwd = twoExperiments();
    const good = asPlanned(seedLikeResults()).results[0];
    const config = { ...good.run.config, training: { ...good.run.config.training, learning_rate: 0.7 } };
    writeRunFolder(join(cwd, 'a'), { ...good, run: { ...good.run, config } });
    const problem = reportMessages.planRecord('lr-0.5', runHash(config), good.run.hash);
    expect(notPlanned(['a:lr-0.5'], cwd)).toBe(reportMessages.experimentNotPlanned(join(cwd, 'a', 'experiment.json'), problem));
    expect(labels(['a:lr-1.2'], cwd)).toEqual(['lr-comparison/lr-1.2']);
  });

  it('a run named twice, directly or through its folder, or two experiments of one name', () => {
    const cwd = twoExperiments();
    expect(refusal(['a:lr-0.5', 'a:lr-0.5'], cwd)).toBe(reportMessages.compareTwice('lr-comparison/lr-0.5'));
    expect(refusal(['a:lr-1.2', 'a'], cwd)).toBe(reportMessages.compareTwice('lr-comparison/lr-1.2'));
    const seed = asPlanned(seedLikeResults());
    writeResultsFolder(join(cwd, 'copy'), seed.plan, seed.results);
    expect(refusal(['a:lr-1.5', 'copy:lr-1.5'], cwd)).toBe(reportMessages.compareSameName('lr-comparison/lr-1.5', 'a', 'copy'));
    expect(refusal(['a', './a/:lr-1.5'], cwd)).toBe(reportMessages.compareTwice('lr-comparison/lr-1.5'));
  });
});
