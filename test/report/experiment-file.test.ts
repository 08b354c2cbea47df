/**
 * `report` on a hand-edited or crafted results folder: a damaged experiment.json is refused
 * with what is wrong (exit 2, nothing written), and no id read from a file, `../../x` say,
 * makes anything read or write outside the results folder.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { ExitCode } from '../../src/cli/command.js';
import { experimentProblem } from '../../src/report/experiment-file.js';
import { reportMessages } from '../../src/report/messages.js';
import { writeReport } from '../../src/report/write-report.js';
import { resultsMessages as rm } from '../../src/results/messages.js';
import { runFolderPath, writeRunFolder } from '../../src/results/run-folder.js';
import { seedLikeResults } from './fixtures.js';
import { scratchDir, treeObject } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';

async function resultsFolder(): Promise<string> {
  const dir = join(scratchDir('experiment-file'), 'results');
  const { plan, results } = seedLikeResults();
  for (const result of results) writeRunFolder(dir, result);
  await writeReport(dir, plan, results, null);
  return dir;
}

function edit(dir: string, change: (file: Record<string, any>) => unknown): void {
  const path = join(dir, 'experiment.json');
  const file = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, typeof change === 'function' ? JSON.stringify(change(file) ?? file) : '');
}

const SELECT = 'expected spec.report.select to be absent, or { metric: one of train_accuracy, test_accuracy, final_loss; mode: max or min }';

describe('report on a hand-edited experiment.json', () => {
  const cases: [string, (f: Record<string, any>) => unknown, string][] = [
    ['spec: {}', (f) => ({ ...f, spec: {} }), 'expected spec.name to be a string'],
    ['no data', (f) => void delete f.spec.data, 'expected spec.data to be a mapping'],
    ['evaluate: null', (f) => void (f.spec.data.evaluate = null), 'expected spec.data.evaluate to be a mapping of slices { split, start, end }'],
    ['a slice ending before it starts', (f) => void (f.spec.data.evaluate.test.end = -1), 'expected spec.data.evaluate to be a mapping of slices { split, start, end }'],
    ['a hold_out of two parts', (f) => void (f.spec.data.train.hold_out = { a: 0.1, b: 0.2 }), 'expected spec.data.train.hold_out to be absent, or one name and a fraction in (0, 1)'],
    ['runs: "all"', (f) => ({ ...f, runs: 'all' }), 'expected runs to be a list of { id, hash }'],
    ['a varying key not in the grid', (f) => ({ ...f, varying: ['training.momentum'] }), 'expected varying to be a list of grid and search keys (and repeat)'],
    ['a run listed twice', (f) => ({ ...f, runs: [f.runs[0], f.runs[0]] }), "run id 'lr-0.5' is listed twice"],
    ['a run id that climbs out', (f) => ({ ...f, runs: [{ id: '../../x', hash: 'h' }] }), 'run id "../../x" is not a safe folder name'],
    ['an array', () => [], 'expected a JSON object'],
    // what the report reads besides the plan: no run's hash holds these, so the plan check cannot see them changed
    ['a select metric no slice gives', (f) => void (f.spec.report.select = { metric: 'bogus_accuracy', mode: 'max' }), SELECT],
    ['a select mode neither max nor min', (f) => void (f.spec.report.select = { metric: 'test_accuracy', mode: 'sideways' }), SELECT],
    ['a compare key not in the grid', (f) => void (f.spec.report.compare = 'training.momentum'), "expected spec.report.compare to be null or a grid key, got 'training.momentum'"],
    ['pictures of a run it does not list', (f) => ({ ...f, pictures: ['lr-1.5', 'lr-9'] }), "expected pictures to name runs it lists, each once, got 'lr-9'"],
    ['pictures of a run twice', (f) => ({ ...f, pictures: ['lr-1.5', 'lr-1.5'] }), "expected pictures to name runs it lists, each once, got 'lr-1.5'"],
    ['models of a run it does not list', (f) => ({ ...f, models: ['lr-9'] }), "expected models to name runs it lists, each once, got 'lr-9'"],
  ];
  for (const [what, change, problem] of cases) {
    it(`says experiment.json is damaged, and what is wrong, with ${what}: exit 2, nothing written`, async () => {
      const dir = await resultsFolder();
      edit(dir, change);
      const before = treeObject(dirname(dir));
      const io = fakeIo(dir);
      expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
      expect(io.err()).toBe(`run-experiments report: ${reportMessages.experimentDamaged(join(dir, 'experiment.json'), problem)}\n`);
      expect(treeObject(dirname(dir))).toEqual(before);
    });
  }

  it('says so for text that is not JSON, naming the file', async () => {
    const dir = await resultsFolder();
    writeFileSync(join(dir, 'experiment.json'), '{"format": 1, "spec": {');
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(new RegExp(`^run-experiments report: ${join(dir, 'experiment.json')} is damaged: not JSON`));
  });

  it('names the slices of a select check without drawing a held-out part of a huge slice: refused as not planned, not out of memory', async () => {
    const dir = await resultsFolder();
    edit(dir, (f) => {
      f.spec.data.train = { split: 'train', start: 0, end: 9e15, hold_out: { validation: 0.2 } };
      f.spec.report.select = { metric: 'validation_accuracy', mode: 'max' };
    });
    const io = fakeIo(dir);
    expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(new RegExp(`^run-experiments report: ${join(dir, 'experiment.json')} does not hold what its spec plans: it lists run 'lr-0.5' with config hash`));
  });

  it('accepts the file as the runner writes it', async () => {
    const dir = await resultsFolder();
    expect(experimentProblem(JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')))).toBeNull();
  });
});

describe('run ids read from files', () => {
  it('never make report write outside the results folder: a crafted config.json and experiment.json with id ../../x', async () => {
    const dir = await resultsFolder();
    const parent = dirname(dir);
    const config = JSON.parse(readFileSync(join(dir, 'runs/lr-0.5/config.json'), 'utf8'));
    // a whole run at results/runs/../../x, i.e. beside the results folder, that says it is that run
    cpSync(join(dir, 'runs/lr-0.5'), join(parent, 'x'), { recursive: true });
    writeFileSync(join(parent, 'x/config.json'), JSON.stringify({ ...config, id: '../../x' }));
    writeFileSync(join(dir, 'runs/lr-0.5/config.json'), JSON.stringify({ ...config, id: '../../x' }));
    for (const crafted of [false, true]) {
      if (crafted) edit(dir, (f) => ({ ...f, runs: [{ id: '../../x', hash: config.hash }] }));
      const before = treeObject(parent);
      const io = fakeIo(dir);
      expect(await runCli(['report', dir], io)).toBe(ExitCode.usage);
      expect(io.err()).not.toMatch(/^\s+at /m);
      expect(treeObject(parent)).toEqual(before);
    }
    expect(existsSync(join(parent, 'charts'))).toBe(false);
  });

  it('are refused before a path is made from them', () => {
    for (const id of ['../x', '..', '.', 'a/b', '', 'a\\b']) {
      expect(() => runFolderPath('/results', id), id).toThrow(rm.unsafeId(id, '/results/runs'));
    }
    expect(runFolderPath('/results', 'lr-0.5_r-1')).toBe('/results/runs/lr-0.5_r-1');
  });
});
