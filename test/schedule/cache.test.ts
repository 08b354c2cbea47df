/**
 * What counts as cached: a run is skipped only when every file it should have is there and
 * checks out; anything missing, cut short or changed makes the next run train it again and
 * say why. And the report never deletes or rewrites a run's files. Through the built CLI.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { compile } from 'vega-lite';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheMessages as cm } from '../../src/schedule/cache-messages.js';
import { resultsMessages as rm } from '../../src/results/messages.js';
import { checkRunFolder } from '../../src/schedule/run-check.js';
import { cacheCheck } from '../../src/schedule/cache-check.js';
import { inspectRunFolder, runFolderPath } from '../../src/results/run-folder.js';
import { csvSha256 } from '../../src/results/run-files.js';
import type { RunResult } from '../../src/results/types.js';
import { folderDigest, VERIFIED_FILE, VerifiedRuns } from '../../src/results/verified-runs.js';
import { readModel } from '../../src/model/files.js';
import { encodeModel, MODEL_BIN, MODEL_JSON } from '../../src/model/format.js';
import { formatProblems as p, modelMessages as m } from '../../src/model/messages.js';
import { encodeSafetensors, MODEL_SAFETENSORS } from '../../src/model/safetensors.js';
import { notTimings, scratchDir, tree } from '../helpers/folders.js';
import { root, run, small, start } from '../helpers/command-line.js';

const RUNS = ['lr-0.5', 'lr-1.2', 'lr-1.5'];
const scratch = scratchDir('cache');
const original = join(scratch, 'original');
const copy = (name: string): string => {
  const dir = join(scratch, name);
  cpSync(original, dir, { recursive: true });
  return dir;
};
const problemOf = (folder: string): string | null => {
  const found = checkRunFolder(folder, 'lr-0.5');
  return 'problem' in found ? found.problem : null;
};

beforeAll(async () => {
  const first = await run([...small(), '--out', original]);
  expect(first.code, first.stderr).toBe(0);
});

describe('a clone made with core.autocrlf=true', () => {
  it('finds the committed flagship results cached: nothing trained, nothing deleted or rewritten (git status is clean)', async () => {
    const clone = join(scratch, 'clone');
    execFileSync('git', ['clone', '-q', '-c', 'core.autocrlf=true', root, clone]);
    const config = readFileSync(join(clone, 'results/lr-comparison/runs/lr-0.5/config.json'), 'utf8');
    expect(config).toContain('\r\n');
    const result = await run(['experiments/lr-comparison.yaml', '--out', join(clone, 'results/lr-comparison')]);
    expect(result.code, result.stderr).toBe(0);
    for (const id of RUNS) expect(result.stderr).toContain(`${id}: already completed`);
    expect(result.stderr).not.toMatch(/training again|started/);
    expect(result.stderr).toMatch(/^0 runs trained and 3 cached in \d+\.\d s$/m);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' })).toBe('');
  });
});

describe('every picture from data', () => {
  it('gives back the same bytes from `report DIR` on a copy with every SVG and README removed', async () => {
    const dir = copy('no-pictures');
    const before = tree(dir);
    const removed = [...before.keys()].filter((name) => name.endsWith('.svg') || name === 'README.md');
    expect(removed).toEqual(expect.arrayContaining([
      'README.md', 'charts/loss.svg', 'charts/accuracy.svg',
      ...RUNS.flatMap((id) => ['chart', 'confusion-train', 'confusion-test', 'mistakes-test'].map((f) => `charts/runs/${id}/${f}.svg`)),
    ]));
    for (const name of removed) rmSync(join(dir, name));
    const redrawn = await run(['report', dir]);
    expect(redrawn.code, redrawn.stderr).toBe(0);
    const after = tree(dir);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(bytes.equals(after.get(path)!), path).toBe(true);
  });

  it('writes each picture\'s Vega-Lite spec beside it, self-contained (inline data, no URLs), and it compiles', () => {
    const specs = [...tree(original).keys()].filter((name) => name.endsWith('.vl.json'));
    expect(specs.map((name) => name.replace('.vl.json', '.svg')).every((svg) => existsSync(join(original, svg)))).toBe(true);
    expect(specs.length).toBe([...tree(original).keys()].filter((name) => name.endsWith('.svg')).length);
    for (const name of specs) {
      const text = readFileSync(join(original, name), 'utf8');
      expect(text, name).not.toMatch(/"url":"(?!data:)/);
      expect(() => compile(JSON.parse(text)), name).not.toThrow();
    }
  });

  it('writes nothing on a rerun with nothing new', async () => {
    const dir = copy('nothing-new');
    const stamps = (): Map<string, number> => new Map([...tree(dir).keys()].map((name) => [name, statSync(join(dir, name)).mtimeMs]));
    const before = stamps();
    const again = await run([...small(), '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(stamps()).toEqual(before);
  });
});

describe('checking a finished run folder', () => {
  const files = (): string[] => readdirSync(join(original, 'runs/lr-0.5')).sort();

  it('has every file a completed run writes, data only: model, confusion matrices of both slices, its mistakes', () => {
    expect(files()).toEqual([
      'config.json', 'confusion-test.csv', 'confusion-train.csv',
      'evaluations.csv', 'metrics.csv', 'mistakes-test.csv', 'model.safetensors',
    ]);
    expect(problemOf(join(original, 'runs/lr-0.5'))).toBeNull();
  });

  it('names the file when any one of them is deleted', () => {
    for (const file of files()) {
      const dir = copy(`deleted-${file}`);
      rmSync(join(dir, 'runs/lr-0.5', file));
      expect(problemOf(join(dir, 'runs/lr-0.5')), file).toBe(rm.missingFile(file));
    }
  });

  it('finds any one of them cut to half its size, or to nothing', () => {
    for (const file of files()) {
      for (const fraction of [0.5, 0]) {
        const dir = copy(`cut-${fraction}-${file}`);
        const path = join(dir, 'runs/lr-0.5', file);
        truncateSync(path, Math.floor(readFileSync(path).length * fraction));
        expect(problemOf(join(dir, 'runs/lr-0.5')), `${file} at ${fraction}`).not.toBeNull();
      }
    }
  });

  it('finds a mistakes-test.csv whose image index lies outside the test split', () => {
    const dir = copy('mistakes-outside');
    const path = join(dir, 'runs/lr-0.5/mistakes-test.csv');
    const [header, first, ...rest] = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [header, first.replace(/^\d+,/, '99999,'), ...rest].join('\n'));
    expect(problemOf(join(dir, 'runs/lr-0.5'))).toMatch(/^mistakes-test\.csv is damaged \(expected row 2 to be an image index below \d+/);
  });

  it('records in config.json the SHA-256 of each CSV file\'s cells, and finds a hand edit that leaves any one of them well formed', () => {
    const recorded = (JSON.parse(readFileSync(join(original, 'runs/lr-0.5/config.json'), 'utf8')) as { csv_sha256: Record<string, string> }).csv_sha256;
    const csvFiles = files().filter((f) => f.endsWith('.csv'));
    expect(Object.keys(recorded)).toEqual(csvFiles);
    for (const file of csvFiles) expect(recorded[file], file).toBe(csvSha256(readFileSync(join(original, 'runs/lr-0.5', file), 'utf8')));
    // each edit keeps what the file's own checks look at: row counts, a confusion matrix's total, indices in the split
    const edits: Record<string, (lines: string[]) => void> = {
      'metrics.csv': (lines) => void (lines[lines.length - 2] = lines[lines.length - 2].replace(/,.*$/, ',0.01')),
      'evaluations.csv': (lines) => void (lines[lines.length - 2] = lines[lines.length - 2].replace(/,[^,]*$/, ',0.99')),
      'confusion-test.csv': moveOneCount,
      'confusion-train.csv': moveOneCount,
      'mistakes-test.csv': (lines) => void (lines[1] = lines[1].replace(/^((?:[^,]*,){3})[^,]*/, '$10.5')),
    };
    for (const file of csvFiles) {
      const folder = join(copy(`hand-edited-${file}`), 'runs/lr-0.5');
      const lines = readFileSync(join(folder, file), 'utf8').split('\n');
      edits[file](lines);
      const edited = lines.join('\n');
      expect(edited, file).not.toBe(readFileSync(join(original, 'runs/lr-0.5', file), 'utf8'));
      writeFileSync(join(folder, file), edited);
      expect(problemOf(folder), file).toBe(rm.changedByHand(file));
    }
  });

  it('finds a CSV file that config.json does not record, which the report would draw as the run\'s', () => {
    const folder = join(copy('unrecorded-csv'), 'runs/lr-0.5');
    cpSync(join(folder, 'mistakes-test.csv'), join(folder, 'mistakes-train.csv'));
    expect(problemOf(folder)).toBe(rm.notRecorded('mistakes-train.csv'));
    rmSync(join(folder, 'mistakes-train.csv'));
    // files not named as a run's are the user's: not judged (training again would replace the folder, and them)
    writeFileSync(join(folder, 'notes.txt'), 'not a CSV file: not the runner\'s to check');
    writeFileSync(join(folder, 'notes.csv'), 'mine,too\n1,2\n');
    writeFileSync(join(folder, '._confusion-test.csv'), 'left by a tarball');
    expect(problemOf(folder)).toBeNull();
  });

  it('finds a model.safetensors of the right size whose weights changed', () => {
    const dir = copy('flipped');
    const path = join(dir, 'runs/lr-0.5/model.safetensors');
    const bytes = readFileSync(path);
    bytes[bytes.length - 1000] ^= 1;
    writeFileSync(path, bytes);
    expect(problemOf(join(dir, 'runs/lr-0.5'))).toBe(cm.modelDataSha('model.safetensors'));
  });

  it('finds a model.safetensors saved by another run, or holding other layers than the run\'s config', () => {
    const folder = join(copy('other-model'), 'runs/lr-0.5');
    const path = join(folder, MODEL_SAFETENSORS);
    const saved = readModel(folder);
    writeFileSync(path, encodeSafetensors({ ...saved, hash: 'another' }));
    expect(problemOf(folder)).toBe(cm.modelOtherRun(MODEL_SAFETENSORS, 'another'));
    const sigmoid = { ...saved.architecture, layers: saved.architecture.layers.map((l) => (l.type === 'relu' ? { type: 'sigmoid' as const } : l)) };
    writeFileSync(path, encodeSafetensors({ ...saved, architecture: sigmoid }));
    expect(problemOf(folder)).toBe(cm.modelNotConfig(MODEL_SAFETENSORS));
  });

  it('checks the model of a run folder saved by an older version: model.json and model.bin, whose bytes are checked by its sha256', () => {
    const folder = join(scratch, 'committed-lr-0.5');
    cpSync(join(root, 'results/lr-comparison/runs/lr-0.5'), folder, { recursive: true });
    // the committed run, its model written as the older version wrote it
    const saved = readModel(folder);
    rmSync(join(folder, MODEL_SAFETENSORS));
    const [W1, b1, W2, b2] = saved.tensors;
    const dense = (W: typeof W1, b: typeof b1) => ({ W: W.data, b: b.data, inputs: W.shape[0], outputs: W.shape[1] });
    const { json, bin } = encodeModel({ activation: 'relu', precision: saved.precision, layers: [dense(W1, b1), dense(W2, b2)] }, { hash: saved.hash });
    writeFileSync(join(folder, MODEL_JSON), json);
    writeFileSync(join(folder, MODEL_BIN), bin);
    expect(problemOf(folder)).toBeNull();
    const bytes = readFileSync(join(folder, 'model.bin'));
    bytes[1000] ^= 1;
    writeFileSync(join(folder, 'model.bin'), bytes);
    expect(problemOf(folder)).toBe(rm.modelSha);
    rmSync(join(folder, 'model.bin'));
    expect(problemOf(folder)).toBe(rm.missingFile('model.bin'));
  });

  it('still trusts it with CRLF line endings, config.json re-indented and no last newline in metrics.csv', () => {
    const dir = copy('edited');
    const folder = join(dir, 'runs/lr-0.5');
    for (const file of files().filter((f) => f !== 'model.safetensors')) {
      const path = join(folder, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    }
    const config = join(folder, 'config.json');
    writeFileSync(config, JSON.stringify(JSON.parse(readFileSync(config, 'utf8')), null, 4));
    const metrics = join(folder, 'metrics.csv');
    writeFileSync(metrics, readFileSync(metrics, 'utf8').trimEnd());
    expect(problemOf(folder)).toBeNull();
  });
});

/** A confusion matrix's first row with one count moved off its diagonal: the same total, another matrix. */
function moveOneCount(lines: string[]): void {
  const cells = lines[1].split(',');
  const [diagonal, next] = [1, 2].map((k) => Number(cells[k]));
  if (diagonal === 0) throw new Error('the first class has no image counted on the diagonal');
  cells[1] = String(diagonal - 1);
  cells[2] = String(next + 1);
  lines[1] = cells.join(',');
}

describe('running again over damaged or changed results', () => {
  it('trains again a run whose metrics.csv was edited by hand, says why, and writes back the run\'s own numbers', async () => {
    const dir = copy('retrain-edited');
    const path = join(dir, 'runs/lr-1.2/metrics.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n(\d+),[^\n]*\n$/, '\n$1,0.01\n'));
    const again = await run([...small(), '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(cm.retraining('lr-1.2', rm.changedByHand('metrics.csv')));
    expect(again.stderr).toMatch(/^1 run trained and 2 cached in \d+\.\d s$/m);
    expect(readFileSync(path).equals(readFileSync(join(original, 'runs/lr-1.2/metrics.csv')))).toBe(true);
  });

  it('trains again the run whose model.safetensors was cut short, says why, and skips the others', async () => {
    const dir = copy('retrain-model');
    const header = readFileSync(join(dir, 'runs/lr-0.5/model.safetensors')).readBigUInt64LE(0);
    truncateSync(join(dir, 'runs/lr-0.5/model.safetensors'), 1000);
    rmSync(join(dir, 'runs/lr-1.2/mistakes-test.csv'));
    const again = await run([...small(), '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(cm.retraining('lr-0.5', rm.modelDamaged(m.safetensors(MODEL_SAFETENSORS, p.pastEnd('layers.0.W', 784 * 50 * 4, 992 - Number(header))))));
    expect(again.stderr).toContain(cm.retraining('lr-1.2', rm.missingFile('mistakes-test.csv')));
    expect(again.stderr).toContain('lr-1.5: already');
    expect(again.stderr.match(/started/g)).toHaveLength(2);
    // the wall time, with what was trained and what was not
    expect(again.stderr).toMatch(/^2 runs trained and 1 cached in \d+\.\d s$/m);
    const a = tree(original, notTimings);
    const b = tree(dir, notTimings);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });

  it('names the settings that changed, lists folders not in the plan, and --prune removes those and nothing else', async () => {
    const dir = copy('changed');
    mkdirSync(join(dir, 'runs/lr-9'));
    writeFileSync(join(dir, 'runs/notes.txt'), 'mine');
    const changed = await run([...small(), '--out', dir, '--set', 'training.batch_size=50', '--set', 'grid.training.learning_rate=[0.5]']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain(cm.retraining('lr-0.5', cm.settingsChanged(['training.batch_size'])));
    expect(changed.stderr).toContain(cm.notInPlan(['lr-1.2', 'lr-1.5', 'lr-9']));
    expect(existsSync(join(dir, 'runs/lr-9'))).toBe(true);
    const pruned = await run([...small(), '--out', dir, '--set', 'training.batch_size=50', '--set', 'grid.training.learning_rate=[0.5]', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toContain(cm.pruned(['lr-1.2', 'lr-1.5', 'lr-9']));
    expect(pruned.stderr).toContain('lr-0.5: already');
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['lr-0.5', 'notes.txt']);
  });

  it('does not re-create a run folder deleted during the run, says so, and trains it again next time', async () => {
    const dir = join(scratch, 'deleted-during');
    const release = join(scratch, 'release-deleted-during');
    const running = start([...small(), '--out', dir, '--concurrency', '1'], { RUN_EXPERIMENTS_TEST_HOLD_RENAME: `${release}:lr-1.5` });
    await running.waitFor(/holding before renaming .*lr-1\.5/);
    rmSync(join(dir, 'runs/lr-0.5'), { recursive: true });
    writeFileSync(release, '');
    const first = await running.done;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(cm.goneDuringRun(['lr-0.5']));
    expect(existsSync(join(dir, 'runs/lr-0.5'))).toBe(false);
    const again = await run([...small(), '--out', dir]);
    expect(again.stderr).toContain(cm.retraining('lr-0.5', cm.folderGone('runs/lr-0.5')));
    const a = tree(original, notTimings);
    const b = tree(dir, notTimings);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  });
});

describe('trusting the bytes the runner wrote or checked before (.verified-runs.json)', () => {
  const recorded = (dir: string): Record<string, string> => (JSON.parse(readFileSync(join(dir, VERIFIED_FILE), 'utf8')) as { runs: Record<string, string> }).runs;
  const digestOf = (folder: string): string => folderDigest(new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name))])));

  it('records, as each run completes, the digest of its folder\'s files', () => {
    expect(recorded(original)).toEqual(Object.fromEntries(RUNS.map((id) => [id, digestOf(join(original, 'runs', id))])));
  });

  it('trusts a folder whose bytes have the digest recorded for it, and checks in full one whose bytes differ', () => {
    const dir = copy('trusted-bytes');
    const folder = join(dir, 'runs/lr-0.5');
    const planned = (inspectRunFolder(runFolderPath(dir, 'lr-0.5'), 'lr-0.5') as RunResult).run;
    const bytes = readFileSync(join(folder, MODEL_SAFETENSORS));
    bytes[bytes.length - 1000] ^= 1;
    writeFileSync(join(folder, MODEL_SAFETENSORS), bytes);
    // the record says nothing of these bytes: every check is made
    expect(cacheCheck(dir, planned, { listed: new Set(), keptModels: null }, VerifiedRuns.read(dir))).toEqual({ train: cm.modelDataSha(MODEL_SAFETENSORS) });
    // a record of exactly these bytes (as if they had passed) is what is trusted, and nothing else
    const record = JSON.parse(readFileSync(join(dir, VERIFIED_FILE), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, VERIFIED_FILE), JSON.stringify({ ...record, runs: { ...recorded(dir), 'lr-0.5': digestOf(folder) } }));
    expect(cacheCheck(dir, planned, { listed: new Set(), keptModels: null }, VerifiedRuns.read(dir))).toHaveProperty('cached');
    writeFileSync(join(folder, 'notes.txt'), 'one more file');
    expect(cacheCheck(dir, planned, { listed: new Set(), keptModels: null }, VerifiedRuns.read(dir))).toEqual({ train: cm.modelDataSha(MODEL_SAFETENSORS) });
  });

  it('checks in full a folder whose files changed but still pass, and keeps the record as it was: a rerun with nothing new writes nothing', async () => {
    const dir = copy('reindented');
    const config = join(dir, 'runs/lr-1.2/config.json');
    writeFileSync(config, JSON.stringify(JSON.parse(readFileSync(config, 'utf8')), null, 4));
    const record = readFileSync(join(dir, VERIFIED_FILE));
    const again = await run([...small(), '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/started/);
    expect(readFileSync(join(dir, VERIFIED_FILE))).toEqual(record);
  });

  it('checks every run in full when the record is damaged or gone, and writes it again only when a run is trained', async () => {
    const damages: [string, (path: string) => void][] = [['damaged', (path) => writeFileSync(path, '{"format": 1, "runs": ')], ['gone', (path) => rmSync(path)]];
    for (const [name, damage] of damages) {
      const dir = copy(`record-${name}`);
      damage(join(dir, VERIFIED_FILE));
      const before = tree(dir);
      const again = await run([...small(), '--out', dir]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).not.toMatch(/started/);
      expect(tree(dir)).toEqual(before);
    }
    const dir = join(scratch, 'record-damaged');
    rmSync(join(dir, 'runs/lr-1.5'), { recursive: true });
    const retrained = await run([...small(), '--out', dir]);
    expect(retrained.code, retrained.stderr).toBe(0);
    expect(retrained.stderr.match(/started/g)).toHaveLength(1);
    expect(readFileSync(join(dir, VERIFIED_FILE))).toEqual(readFileSync(join(original, VERIFIED_FILE)));
  });
});
