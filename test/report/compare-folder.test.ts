/**
 * The folder `compare` writes: README.md, runs.csv, compare.json and each chart's SVG with its
 * Vega-Lite spec, under --out relative to the working folder; written whole, only where it
 * replaces nothing but an earlier comparison, and not at all when a source is refused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeComparison } from '../../src/report/compare/compare-report.js';
import { reportMessages } from '../../src/report/messages.js';
import { ResultsFolderError } from '../../src/report/render-from-disk.js';
import { scratchDir, tree } from '../helpers/folders.js';
import { asPlanned, seedLikeResults, writeResultsFolder } from './fixtures.js';

/** A scratch working folder holding the results folder a/ (lr-comparison: lr-0.5 completed, lr-1.2 failed, lr-1.5 diverged). */
function workingFolder(): string {
  const cwd = scratchDir('compare-folder');
  const { plan, results } = asPlanned(seedLikeResults());
  writeResultsFolder(join(cwd, 'a'), plan, results);
  return cwd;
}

/** The message writeComparison refuses with; fails the test when it writes. */
async function refusal(sources: string[], out: string, cwd: string): Promise<string> {
  try {
    await writeComparison(sources, out, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsFolderError);
    return (error as Error).message;
  }
  throw new Error(`compared ${sources.join(' ')} into ${out} without complaint`);
}

describe('compare writes', () => {
  it('README.md, runs.csv, compare.json and each chart as SVG with its spec, into --out under the working folder', async () => {
    const cwd = workingFolder();
    expect(await writeComparison(['a:lr-0.5', 'a:lr-1.5'], 'out/cmp', cwd)).toEqual({ runs: 2, charts: 2 });
    const files = tree(join(cwd, 'out/cmp'));
    expect([...files.keys()]).toEqual([
      'README.md', 'charts/accuracy.svg', 'charts/accuracy.vl.json', 'charts/loss.svg', 'charts/loss.vl.json', 'compare.json', 'runs.csv',
    ]);
    expect(files.get('charts/loss.svg')!.toString('utf8')).toMatch(/^<svg[^>]*>/);
    expect(JSON.parse(files.get('charts/loss.vl.json')!.toString('utf8')).title.text).toBe(reportMessages.lossTitle);
    expect(JSON.parse(files.get('charts/accuracy.vl.json')!.toString('utf8')).title.text).toBe(reportMessages.accuracyTitle);
  });

  it('a README that links each chart by its SVG and gives the command as the user wrote it', async () => {
    const cwd = workingFolder();
    await writeComparison(['a:lr-1.5', './a:lr-0.5'], 'cmp', cwd);
    const readme = readFileSync(join(cwd, 'cmp/README.md'), 'utf8');
    expect(readme).toContain('npx run-experiments compare a:lr-1.5 ./a:lr-0.5 --out cmp\n');
    expect(readme).toContain(`![${reportMessages.lossTitle}](charts/loss.svg)`);
    expect(readme).toContain(`![${reportMessages.accuracyTitle}](charts/accuracy.svg)`);
    expect(readme.indexOf('`lr-comparison/lr-1.5`')).toBeLessThan(readme.indexOf('`lr-comparison/lr-0.5`'));
    expect(readme.indexOf('`lr-comparison/lr-1.5`')).toBeGreaterThan(-1);
  });

  it('compare.json: the sources as given and each run with its folder and hash, to draw it again', async () => {
    const cwd = workingFolder();
    await writeComparison(['a:lr-1.5', 'a:lr-0.5'], 'cmp', cwd);
    const { plan } = asPlanned(seedLikeResults());
    expect(JSON.parse(readFileSync(join(cwd, 'cmp/compare.json'), 'utf8'))).toEqual({
      format: 1,
      sources: ['a:lr-1.5', 'a:lr-0.5'],
      runs: [
        { label: 'lr-comparison/lr-1.5', dir: 'a', hash: plan.runs[2].hash },
        { label: 'lr-comparison/lr-0.5', dir: 'a', hash: plan.runs[0].hash },
      ],
    });
  });

  it('runs.csv with a row per run, a failed run included', async () => {
    const cwd = workingFolder();
    await writeComparison(['a'], 'cmp', cwd);
    const rows = readFileSync(join(cwd, 'cmp/runs.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('experiment,run,status,final_loss,train_accuracy,test_accuracy,diverged_at');
    expect(rows.slice(1).map((r) => r.split(',').slice(1, 3).join(','))).toEqual(['lr-0.5,completed', 'lr-1.2,failed', 'lr-1.5,diverged']);
  });

  it('into an empty folder, and over an earlier comparison, leaving none of its files behind', async () => {
    const cwd = workingFolder();
    mkdirSync(join(cwd, 'cmp'));
    expect(await writeComparison(['a:lr-0.5'], 'cmp', cwd)).toEqual({ runs: 1, charts: 2 });
    expect(existsSync(join(cwd, 'cmp/charts/accuracy.svg'))).toBe(true);
    // lr-1.2 was never evaluated: no accuracy chart, and the earlier one goes
    expect(await writeComparison(['a:lr-1.2'], 'cmp', cwd)).toEqual({ runs: 1, charts: 1 });
    expect([...tree(join(cwd, 'cmp')).keys()]).toEqual(['README.md', 'charts/loss.svg', 'charts/loss.vl.json', 'compare.json', 'runs.csv']);
    expect(JSON.parse(readFileSync(join(cwd, 'cmp/compare.json'), 'utf8')).sources).toEqual(['a:lr-1.2']);
  });

  it('a loss chart alone when no compared run was evaluated', async () => {
    const cwd = workingFolder();
    expect(await writeComparison(['a:lr-1.2'], 'cmp', cwd)).toEqual({ runs: 1, charts: 1 });
    expect([...tree(join(cwd, 'cmp')).keys()].filter((f) => f.startsWith('charts/'))).toEqual(['charts/loss.svg', 'charts/loss.vl.json']);
  });
});

describe('compare writes nothing, and says why, when', () => {
  it('no source is given', async () => {
    expect(await refusal([], 'cmp', workingFolder())).toBe(reportMessages.compareNothing);
  });

  it('--out is a file', async () => {
    const cwd = workingFolder();
    writeFileSync(join(cwd, 'cmp'), 'a file');
    expect(await refusal(['a'], 'cmp', cwd)).toBe(reportMessages.compareOutNotFolder('cmp'));
    expect(readFileSync(join(cwd, 'cmp'), 'utf8')).toBe('a file');
  });

  it('--out holds files compare did not write', async () => {
    const cwd = workingFolder();
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine/notes.txt'), 'keep me');
    expect(await refusal(['a'], 'mine', cwd)).toBe(reportMessages.compareOutTaken('mine', 'notes.txt'));
    expect([...tree(join(cwd, 'mine')).keys()]).toEqual(['notes.txt']);
  });

  it('--out holds a compare.json beside what compare does not write: an experiment, notes, a folder in charts/', async () => {
    const cwd = workingFolder();
    // a results folder with a compare.json dropped in, and the sources' own parent
    writeFileSync(join(cwd, 'a/compare.json'), '');
    const experiment = tree(join(cwd, 'a'));
    expect(await refusal(['a:lr-0.5'], 'a', cwd)).toMatch(/^cannot write the comparison into a: it holds (?!compare\.json)\S+, which compare does not write/);
    writeFileSync(join(cwd, 'compare.json'), '{}');
    expect(await refusal(['a:lr-0.5'], '.', cwd)).toBe(reportMessages.compareOutTaken('.', 'a'));
    expect(tree(join(cwd, 'a'))).toEqual(experiment);
    // an earlier comparison the user added to
    await writeComparison(['a:lr-0.5'], 'cmp', cwd);
    writeFileSync(join(cwd, 'cmp/notes.md'), 'keep me');
    expect(await refusal(['a:lr-0.5'], 'cmp', cwd)).toBe(reportMessages.compareOutTaken('cmp', 'notes.md'));
    rmSync(join(cwd, 'cmp/notes.md'));
    mkdirSync(join(cwd, 'cmp/charts/old'));
    expect(await refusal(['a:lr-0.5'], 'cmp', cwd)).toBe(reportMessages.compareOutTaken('cmp', 'charts/old'));
    expect(existsSync(join(cwd, 'cmp/charts/old'))).toBe(true);
  });

  it('--out holds only the names compare writes, but its compare.json is not a comparison', async () => {
    const cwd = workingFolder();
    mkdirSync(join(cwd, 'cmp'));
    for (const text of ['', '{"format": 1}', '[1]', '{"format": 2, "sources": [], "runs": []}']) {
      writeFileSync(join(cwd, 'cmp/compare.json'), text);
      writeFileSync(join(cwd, 'cmp/README.md'), 'my own');
      expect(await refusal(['a:lr-0.5'], 'cmp', cwd), text).toBe(reportMessages.compareOutUnrecorded('cmp', 'compare.json'));
      expect(readFileSync(join(cwd, 'cmp/README.md'), 'utf8')).toBe('my own');
    }
  });

  it('a source is refused, an earlier comparison in --out left as it was', async () => {
    const cwd = workingFolder();
    await writeComparison(['a:lr-0.5'], 'cmp', cwd);
    const before = tree(join(cwd, 'cmp'));
    expect(await refusal(['a:lr-0.5', 'nowhere'], 'cmp', cwd)).toBe(reportMessages.reportDirMissing('nowhere'));
    expect(tree(join(cwd, 'cmp'))).toEqual(before);
    expect(await refusal(['nowhere'], 'new', cwd)).toBe(reportMessages.reportDirMissing('nowhere'));
    expect(existsSync(join(cwd, 'new'))).toBe(false);
  });
});
