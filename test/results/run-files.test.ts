/**
 * A run's three files as text, and back: what is written, byte for byte, and what the
 * reader says about every way the text can be wrong (the cache check's "training again"
 * reasons come from here), each message asserted through resultsMessages.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/plan/hash.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { accuracyColumn, csvSha256, isProblem, parseRunFiles, RUN_FILES, runFileContents, sliceNames } from '../../src/results/run-files.js';
import type { RunResult, RunStatus } from '../../src/results/types.js';
import { makePlan, makeResult } from '../report/fixtures.js';

const [run] = makePlan([0.5], 1, 30).runs;
const completed = makeResult(run, 'completed');
const files = (result: RunResult = completed): Record<string, string> => runFileContents(result);
const configJson = (): Record<string, unknown> => JSON.parse(files()[RUN_FILES.config]) as Record<string, unknown>;
/** The problem parseRunFiles finds with these files, or the result's status when it finds none. */
const problemWith = (changed: Record<string, string | undefined>): string => {
  const parsed = parseRunFiles({ ...files(), ...changed });
  return isProblem(parsed) ? parsed.problem : `no problem (${parsed.status})`;
};
/** The SHA-256 of config.json's fields but fields_sha256, as run-files.ts records it. */
const fieldsSha256 = ({ fields_sha256: _, ...fields }: Record<string, unknown>): string => createHash('sha256').update(canonicalJson(fields)).digest('hex');
/** The problem with config.json changed by `change`, its fields' SHA-256 then made again (so that the change itself is what is checked). */
const withConfig = (change: (config: Record<string, unknown>) => void): string => {
  const config = configJson();
  change(config);
  if ('fields_sha256' in config) config.fields_sha256 = fieldsSha256(config);
  return problemWith({ [RUN_FILES.config]: JSON.stringify(config) });
};
const notRunConfig = (what: string): string => m.notRunConfig(RUN_FILES.config, what);
const runConfigOf = (config: Record<string, unknown>): Record<string, unknown> => config.config as Record<string, unknown>;

describe('a run\'s files, written', () => {
  it('names the three files metrics.csv, evaluations.csv and config.json', () => {
    expect(Object.keys(files()).sort()).toEqual(['config.json', 'evaluations.csv', 'metrics.csv']);
    expect(RUN_FILES).toEqual({ metrics: 'metrics.csv', evaluations: 'evaluations.csv', config: 'config.json' });
  });

  it('writes config.json as the run, how it ended and its row counts, indented by two spaces, with a final newline', () => {
    const diverged = { ...makeResult(run, 'diverged', { divergeAt: 7 }), error: null };
    const text = files(diverged)[RUN_FILES.config];
    expect(text.startsWith('{\n  "format": 2,\n  "id": "lr-0.5",\n')).toBe(true);
    expect(text.endsWith('\n}\n')).toBe(true);
    const written = files(diverged);
    expect(JSON.parse(text)).toEqual({
      format: 2, id: run.id, hash: run.hash, status: 'diverged', diverged_at: 7, error: null,
      iterations: 8, evaluations: diverged.evaluations.length, values: run.values, config: run.config,
      csv_sha256: { 'evaluations.csv': csvSha256(written[RUN_FILES.evaluations]), 'metrics.csv': csvSha256(written[RUN_FILES.metrics]) },
      fields_sha256: fieldsSha256(JSON.parse(text) as Record<string, unknown>),
    });
    expect(text.endsWith(`"fields_sha256": "${(JSON.parse(text) as { fields_sha256: string }).fields_sha256}"\n}\n`)).toBe(true);
  });

  it('records in config.json the SHA-256 of its other fields, so that a value changed by hand is found while re-indenting or reordering is not', () => {
    const pruned = { ...makeResult(run, 'pruned'), prunedAt: 4 };
    const text = files(pruned)[RUN_FILES.config];
    const config = JSON.parse(text) as Record<string, unknown>;
    const parsedAs = (value: Record<string, unknown>, indent = 2): string => {
      const parsed = parseRunFiles({ ...files(pruned), [RUN_FILES.config]: JSON.stringify(value, null, indent) });
      return isProblem(parsed) ? parsed.problem : `no problem (${parsed.status} at ${parsed.prunedAt})`;
    };
    expect(parsedAs(config)).toBe('no problem (pruned at 4)');
    // the same fields, another layout: keys reversed, no indentation
    expect(parsedAs(Object.fromEntries(Object.entries(config).reverse()), 0)).toBe('no problem (pruned at 4)');
    const changed = m.configChangedByHand(RUN_FILES.config);
    expect(parsedAs({ ...config, pruned_at: 5 })).toBe(changed);
    expect(parsedAs({ ...config, status: 'completed' })).toBe(changed);
    expect(parsedAs({ ...config, error: 'edited' })).toBe(changed);
    expect(parsedAs({ ...config, note: 'a field added' })).toBe(changed);
    expect(parsedAs({ ...config, fields_sha256: 'f'.repeat(64) })).toBe(changed);
    expect(parsedAs({ ...config, fields_sha256: 'F'.repeat(64) })).toBe(notRunConfig('expected "fields_sha256" to be a SHA-256 digest'));
    // a folder written before the records (format 1, neither record): read as it was then; a format 2 one must have both
    const { fields_sha256: _, csv_sha256: __, ...legacy } = config;
    expect(parsedAs({ ...legacy, format: 1, pruned_at: 5 })).toBe('no problem (pruned at 5)');
    expect(parsedAs({ ...legacy, csv_sha256: config.csv_sha256, pruned_at: 5 })).toBe(notRunConfig('expected "fields_sha256" to be a SHA-256 digest'));
    expect(parsedAs({ ...legacy, fields_sha256: config.fields_sha256 })).toBe(notRunConfig('expected "csv_sha256" to map the run\'s CSV file names to SHA-256 digests'));
    expect(parsedAs({ ...legacy, format: 1, fields_sha256: config.fields_sha256 })).toBe(notRunConfig('a format 1 config.json has no "fields_sha256"'));
    expect(parsedAs({ ...legacy, format: 1, csv_sha256: config.csv_sha256 })).toBe(notRunConfig('a format 1 config.json has no "csv_sha256"'));
  });

  it('records in config.json the SHA-256 of the cells of each CSV file of the run, its own and the others given, and of no other file', () => {
    const others = { 'confusion-test.csv': 'true,0,1\n0,3,1\n1,0,4\n', 'model.safetensors': Buffer.from([1, 2, 3]), 'mistakes-test.csv': 'a,"b\n' };
    const config = JSON.parse(runFileContents(completed, others)[RUN_FILES.config]) as { csv_sha256: Record<string, string> };
    // a file that is not CSV gets none (whoever reads it refuses it)
    expect(Object.keys(config.csv_sha256)).toEqual(['confusion-test.csv', 'evaluations.csv', 'metrics.csv']);
    expect(config.csv_sha256['confusion-test.csv']).toBe(csvSha256(others['confusion-test.csv']));
  });

  it('digests cells, not bytes: CRLF line endings, a byte-order mark or no last line break give the same SHA-256, any cell changed another', () => {
    const text = 'iteration,loss\n0,1\n1,0.5\n';
    expect(csvSha256(text)).toMatch(/^[0-9a-f]{64}$/);
    for (const same of ['iteration,loss\r\n0,1\r\n1,0.5\r\n', '\uFEFFiteration,loss\n0,1\n1,0.5\n', 'iteration,loss\n0,1\n1,0.5', '"iteration",loss\n0,1\n1,"0.5"\n']) {
      expect(csvSha256(same), JSON.stringify(same)).toBe(csvSha256(text));
    }
    for (const other of ['iteration,loss\n0,1\n1,0.50\n', 'iteration,loss\n0,1\n1,0.4\n', 'iteration,loss\n0,1\n', 'iteration,loss\n0,1\n1,0.5\n2,0.5\n', 'iteration,loss,\n0,1,\n1,0.5,\n']) {
      expect(csvSha256(other), JSON.stringify(other)).not.toBe(csvSha256(text));
    }
  });

  it('writes one accuracy column per slice of the config, named <slice>_accuracy, in its order, and an empty cell where a slice was not measured', () => {
    const result: RunResult = {
      ...completed,
      losses: [1, 0.5],
      evaluations: [
        { iteration: 0, epoch: 0, accuracy: { test: 0.5, train: 0.25 } },
        { iteration: 1, epoch: 0.01, accuracy: { test: 0.75 } },
      ],
    };
    expect(accuracyColumn('valid')).toBe('valid_accuracy');
    expect(sliceNames(result)).toEqual(['train', 'test']);
    expect(files(result)[RUN_FILES.evaluations]).toBe('iteration,epoch,train_accuracy,test_accuracy\n0,0,0.25,0.5\n1,0.01,,0.75\n');
    expect(parseRunFiles(files(result))).toEqual(result);
    expect(files(result)[RUN_FILES.metrics]).toBe('iteration,loss\n0,1\n1,0.5\n');
  });

  it('takes the slice names from the config when there is no evaluation (a failed run)', () => {
    const failed = makeResult(run, 'failed', { error: 'boom' });
    expect(sliceNames(failed)).toEqual(Object.keys(run.config.data.evaluate));
    expect(files(failed)[RUN_FILES.evaluations]).toBe('iteration,epoch,train_accuracy,test_accuracy\n');
  });
});

describe('a run\'s files, read back', () => {
  it.each<RunStatus>(['completed', 'diverged', 'failed', 'interrupted'])('gives back exactly the %s run they were written from', (status) => {
    const result = makeResult(run, status, { divergeAt: status === 'diverged' ? 4 : undefined, error: status === 'failed' ? 'out of "memory"' : undefined });
    const back = parseRunFiles(files(result));
    expect(isProblem(back)).toBe(false);
    expect(back).toEqual(result);
  });

  it('reads files a checkout or an editor changed: CRLF line endings, config.json indented otherwise', () => {
    const crlf = Object.fromEntries(Object.entries(files()).map(([name, text]) => [name, text.replace(/\n/g, '\r\n')]));
    crlf[RUN_FILES.config] = JSON.stringify(configJson(), null, 4).replace(/\n/g, '\r\n');
    expect(parseRunFiles(crlf)).toEqual(completed);
  });

  it('says which file is missing, config.json first', () => {
    expect(problemWith({ [RUN_FILES.config]: undefined, [RUN_FILES.metrics]: undefined })).toBe(m.missingFile('config.json'));
    expect(problemWith({ [RUN_FILES.metrics]: undefined, [RUN_FILES.evaluations]: undefined })).toBe(m.missingFile('metrics.csv'));
    expect(problemWith({ [RUN_FILES.evaluations]: undefined })).toBe(m.missingFile('evaluations.csv'));
  });

  it('tells a config.json that is not JSON from one that is not an object', () => {
    expect(problemWith({ [RUN_FILES.config]: '{"format": 1,' })).toBe(m.notJson('config.json'));
    for (const text of ['[]', 'null', '3', '"run"']) expect(problemWith({ [RUN_FILES.config]: text }), text).toBe(notRunConfig('not a JSON object'));
  });

  it.each<[string, unknown, string]>([
    ['format', 3, '1 or 2'],
    ['format', '2', '1 or 2'],
    ['id', '../escape', 'a safe run id'],
    ['id', 7, 'a safe run id'],
    ['hash', 123456, 'a string'],
    ['status', 'running', 'completed, diverged, failed, interrupted, pruned'],
    ['diverged_at', 1.5, 'an integer or null'],
    ['diverged_at', '3', 'an integer or null'],
    ['error', 3, 'a string or null'],
    ['iterations', 2.5, 'an integer'],
    ['iterations', null, 'an integer'],
    ['evaluations', '2', 'an integer'],
    ['values', [], 'a mapping'],
    ['values', null, 'a mapping'],
    ['config', 'lr-0.5', 'a run config'],
  ])('names config.json\'s field %s = %j as not %s', (field, value, expected) => {
    expect(withConfig((c) => (c[field] = value))).toBe(notRunConfig(`expected "${field}" to be ${expected}`));
  });

  it('names a config.json field that is absent, checking them in order', () => {
    for (const field of ['format', 'id', 'hash', 'status', 'diverged_at', 'error', 'iterations', 'evaluations', 'values', 'config']) {
      const problem = withConfig((c) => delete c[field]);
      expect(problem, field).toMatch(new RegExp(`^config\\.json is not a run's config \\(expected "${field}" to be `));
    }
    expect(withConfig((c) => {
      c.hash = 1;
      c.status = 'running';
    })).toBe(notRunConfig('expected "hash" to be a string'));
  });

  it('accepts every status, an integer diverged_at or null, and a string error or null', () => {
    for (const status of ['completed', 'diverged', 'failed', 'interrupted']) expect(withConfig((c) => (c.status = status))).toBe(`no problem (${status})`);
    expect(withConfig((c) => (c.diverged_at = 0))).toBe('no problem (completed)');
    expect(withConfig((c) => (c.error = 'it broke'))).toBe('no problem (completed)');
    expect(withConfig((c) => (c.values = {}))).toBe('no problem (completed)');
  });

  it('reads a pruned run\'s pruned_at, and refuses a pruned run without one', () => {
    expect(withConfig((c) => {
      c.status = 'pruned';
      c.pruned_at = 10;
    })).toBe('no problem (pruned)');
    expect(withConfig((c) => (c.status = 'pruned'))).toBe(notRunConfig('expected "pruned_at" to be an integer'));
  });

  it('refuses a run config without data, model or training mappings, integer iterations and batch size, or sound slices', () => {
    const cases: [string, (config: Record<string, any>) => void][] = [
      ['data missing', (c) => delete c.data],
      ['data not a mapping', (c) => (c.data = [])],
      ['data.evaluate missing', (c) => delete c.data.evaluate],
      ['data.train missing', (c) => delete c.data.train],
      ['a slice of another split', (c) => (c.data.evaluate.test.split = 'valid')],
      ['data.train of another split', (c) => (c.data.train.split = 'test-ish')],
      ['a slice starting at a fraction', (c) => (c.data.evaluate.train.start = 0.5)],
      ['a slice ending at a string', (c) => (c.data.evaluate.test.end = '10000')],
      ['a slice that is not a mapping', (c) => (c.data.evaluate.test = 'test')],
      ['model missing', (c) => delete c.model],
      ['training an array', (c) => (c.training = [])],
      ['training.iterations a fraction', (c) => (c.training.iterations = 30.5)],
      ['training.batch_size missing', (c) => delete c.training.batch_size],
    ];
    for (const [what, change] of cases) {
      expect(withConfig((c) => change(runConfigOf(c))), what).toBe(notRunConfig('expected "config" to be a run config'));
    }
    expect(withConfig((c) => (c.config = []))).toBe(notRunConfig('expected "config" to be a run config'));
  });

  it('accepts slices of either split, and a run config with no evaluation slice', () => {
    expect(withConfig((c) => ((runConfigOf(c).data as any).train.split = 'test'))).toBe('no problem (completed)');
    expect(withConfig((c) => ((runConfigOf(c).data as any).evaluate.test.split = 'train'))).toBe('no problem (completed)');
    expect(withConfig((c) => ((runConfigOf(c).data as any).evaluate = {}))).toBe('no problem (completed)');
  });

  it('refuses a metrics.csv that is not CSV, has another header, or a row that is not <its index>,<loss>', () => {
    const metrics = (text: string): string => problemWith({ [RUN_FILES.metrics]: text });
    expect(metrics('iteration,loss\n0,"1\n')).toBe(m.badCsv('metrics.csv', 'CSV (a quote is still open at its end, line 2)'));
    expect(metrics('')).toBe(m.badCsv('metrics.csv', 'the header iteration,loss'));
    expect(metrics('iteration,losses\n')).toBe(m.badCsv('metrics.csv', 'the header iteration,loss'));
    expect(metrics('iteration,loss\n0,2.3\n2,2.2\n')).toBe(m.badCsv('metrics.csv', 'row 3 to be 1,<loss>'));
    expect(metrics('iteration,loss\nzero,2.3\n')).toBe(m.badCsv('metrics.csv', 'row 2 to be 0,<loss>'));
    expect(metrics('iteration,loss,x\n0,2.3,1\n')).toBe(m.badCsv('metrics.csv', 'the header iteration,loss'));
    expect(metrics('iteration,loss\n0,2.3\n1,NaN\n2,-Infinity\n')).toBe(m.rowCount('metrics.csv', 3, 30));
  });

  it('refuses a metrics row of one cell or three', () => {
    const oneCell = parseRunFiles({ ...files(), [RUN_FILES.metrics]: 'iteration\n0\n' });
    expect(oneCell).toEqual({ problem: m.badCsv('metrics.csv', 'the header iteration,loss') });
    // csv-parse refuses ragged rows itself; a row of three under a header of three is the header's fault
    expect(problemWith({ [RUN_FILES.metrics]: 'iteration,loss\n0,2.3,9\n' })).toBe(m.badCsv('metrics.csv', 'CSV (line 2 has 3 cells where the header has 2)'));
    expect(problemWith({ [RUN_FILES.metrics]: 'iteration,loss\n0,2.3\n1,2.2\n2\n' })).toBe(m.badCsv('metrics.csv', 'CSV (line 4 has 1 cell where the header has 2)'));
  });

  it('refuses an evaluations.csv without iteration and epoch first, a column that is not an accuracy, or a row of non-numbers', () => {
    const evaluations = (text: string): string => problemWith({ [RUN_FILES.evaluations]: text });
    const expected = 'the header iteration,epoch,<slice>_accuracy...';
    expect(evaluations('iteration,epoch\n0,"0\n')).toBe(m.badCsv('evaluations.csv', 'CSV (a quote is still open at its end, line 2)'));
    expect(evaluations('')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('iteration\n')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('epoch,iteration,test_accuracy\n')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('step,epoch,test_accuracy\n')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('iteration,time,test_accuracy\n')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('iteration,epoch,test_accuracy,test_loss\n')).toBe(m.badCsv('evaluations.csv', expected));
    expect(evaluations('iteration,epoch,test_accuracy\n0,0,0.5\n10,0.1,high\n')).toBe(m.badCsv('evaluations.csv', 'numbers in row 3'));
    expect(completed.evaluations).toHaveLength(1);
    expect(evaluations('iteration,epoch,test_accuracy\n0,0,0.5\n10,0.1,0.625\n')).toBe(m.rowCount('evaluations.csv', 2, 1));
  });

  it('reads each evaluation\'s iteration, epoch and accuracy per slice from its columns', () => {
    const result = { ...completed, evaluations: [{ iteration: 10, epoch: 0.1, accuracy: { valid: 0.5, test: Infinity } }] };
    const back = parseRunFiles(files(result));
    expect(back).toEqual(result);
  });

  it('refuses a metrics.csv or evaluations.csv whose cells are not those whose SHA-256 config.json records, and one it records none for', () => {
    const { [RUN_FILES.metrics]: metrics, [RUN_FILES.evaluations]: evaluations } = files();
    // the same count of rows, every one well formed: only the record tells the hand edit
    const lastLoss = metrics.trimEnd().split('\n').length - 2;
    expect(problemWith({ [RUN_FILES.metrics]: metrics.replace(new RegExp(`\n${lastLoss},[^\n]*\n$`), `\n${lastLoss},0.01\n`) })).toBe(m.changedByHand(RUN_FILES.metrics));
    expect(problemWith({ [RUN_FILES.evaluations]: evaluations.replace(/\n$/, '').replace(/[0-9.]+$/, '0.99') + '\n' })).toBe(m.changedByHand(RUN_FILES.evaluations));
    expect(withConfig((c) => delete (c.csv_sha256 as Record<string, string>)[RUN_FILES.metrics])).toBe(m.notRecorded(RUN_FILES.metrics));
    // the same cells as a checkout or an editor leaves them
    expect(problemWith({ [RUN_FILES.metrics]: `\uFEFF${metrics.replace(/\n/g, '\r\n')}`, [RUN_FILES.evaluations]: evaluations.trimEnd() })).toBe('no problem (completed)');
  });

  it('reads a folder written before config.json recorded the CSV files\' SHA-256 as it did then, and refuses a record that is not one', () => {
    const { [RUN_FILES.metrics]: metrics } = files();
    const legacy: Record<string, unknown> = { ...configJson(), format: 1 };
    delete legacy.csv_sha256;
    delete legacy.fields_sha256;
    const lastLoss = metrics.trimEnd().split('\n').length - 2;
    const parsed = parseRunFiles({ ...files(), [RUN_FILES.config]: JSON.stringify(legacy), [RUN_FILES.metrics]: metrics.replace(new RegExp(`\n${lastLoss},[^\n]*\n$`), `\n${lastLoss},0.01\n`) });
    expect(isProblem(parsed) ? parsed.problem : parsed.losses.at(-1)).toBe(0.01);
    const notOne = notRunConfig('expected "csv_sha256" to map the run\'s CSV file names to SHA-256 digests');
    // only names a run's CSV files have: never a path out of its folder, nor a file of the user's
    const badNames = ['model.bin', '../../outside/x.csv', 'confusion-a/b.csv', 'notes.csv', '.confusion-test.csv', 'confusion-.csv'];
    for (const bad of [[], 'abc', null, { 'metrics.csv': 'ABC' }, { 'metrics.csv': 'f'.repeat(63) }, { 'metrics.csv': 7 }, ...badNames.map((n) => ({ [n]: 'f'.repeat(64) }))]) {
      expect(withConfig((c) => void (c.csv_sha256 = bad)), JSON.stringify(bad)).toBe(notOne);
    }
  });

  it('says when a file has more or fewer rows than config.json counts', () => {
    expect(withConfig((c) => (c.iterations = 31))).toBe(m.rowCount('metrics.csv', 30, 31));
    expect(withConfig((c) => (c.evaluations = 0))).toBe(m.rowCount('evaluations.csv', completed.evaluations.length, 0));
  });

  it('tells a problem from a result', () => {
    expect(isProblem({ problem: 'x' })).toBe(true);
    expect(isProblem(completed)).toBe(false);
  });
});
