/** What a worker accepts as a job, what a coordinator accepts as a result, and how URLs are shown. */
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { configHash, runHash } from '../../src/plan/hash.js';
import { planRuns } from '../../src/plan/plan.js';
import { checkJob, JOB_FORMAT, jobId, type RunJobData } from '../../src/queue/job.js';
import { checkResult, encodeResult, MAX_FILE_BYTES } from '../../src/queue/job-result.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import { parseQueueUrl, redactText } from '../../src/queue/url.js';
import { resultsMessages as rm } from '../../src/results/messages.js';
import { loadSpecText } from '../../src/spec/load.js';
import type { Evaluation } from '../../src/results/types.js';
import type { PlannedRun } from '../../src/spec/types.js';

function plannedRun(...lines: string[]): PlannedRun {
  const { spec, problems } = loadSpecText(`${['name: tiny', ...lines].join('\n')}\n`, 'spec.yaml', { specDir: '/data' });
  expect(problems).toEqual([]);
  return planRuns(spec!).runs[0];
}

const run = plannedRun('training: { iterations: 3 }');
const data = (r: PlannedRun = run): RunJobData => ({ format: JOB_FORMAT, run: r, datasetSha256: null });
const completed = {
  result: { run, status: 'completed' as const, losses: [2.3, 2.2, 2.1], evaluations: [{ iteration: 2, epoch: 0.03, accuracy: { train: 0.5, test: 0.25 } }], divergedAt: null, error: null },
  files: { 'model.json': '{}', 'model.bin': Buffer.from([1, 2, 3]), 'confusion-test.csv': 'a,b\n1,2\n' },
  seconds: 1.5,
};

describe('a job, as a worker checks it', () => {
  it('accepts the job a coordinator makes of a planned run', () => {
    expect(checkJob(jobId(run), data()).run).toEqual(run);
  });

  it('names the job by the experiment and the config hash, with no colon', () => {
    expect(jobId(run)).toBe(`tiny.${run.id}.${run.hash}`);
  });

  it('fails garbage for good, saying what was expected', () => {
    expect(() => checkJob('g', { hello: 'world' })).toThrow(m.jobMalformed('g', `expected {format: ${JOB_FORMAT}, run, datasetSha256}`));
    expect(() => checkJob('g', null)).toThrow(m.jobMalformed('g', `expected {format: ${JOB_FORMAT}, run, datasetSha256}`));
  });

  it('refuses a run id that is not a safe folder name', () => {
    expect(() => checkJob(jobId(run), data({ ...run, id: '../../etc' }))).toThrow(m.jobMalformed(jobId(run), 'the run id is not a safe name'));
  });

  it('refuses a config the schema refuses', () => {
    const config = { ...run.config, training: { ...run.config.training, optimizer: 'rmsprop' } };
    expect(() => checkJob(jobId(run), data({ ...run, config: config as never, hash: configHash(config) }))).toThrow(/training\/optimizer/);
  });

  it('refuses a config whose hash is not the job\'s', () => {
    const config = { ...run.config, training: { ...run.config.training, iterations: 4 } };
    expect(() => checkJob(jobId(run), data({ ...run, config }))).toThrow(m.jobHashMismatch(jobId(run), run.hash, configHash(config)));
  });

  it('refuses a data.path job without the dataset\'s sha256, or with another than its config names', () => {
    const config = { ...run.config, data: { ...run.config.data, source: { kind: 'path' as const, path: '/data/digits', sha256: 'a'.repeat(64) } } };
    const onPath = { ...run, config, hash: runHash(config) };
    expect(() => checkJob(jobId(onPath), data(onPath))).toThrow(/datasetSha256 must be given/);
    expect(() => checkJob(jobId(onPath), { ...data(onPath), datasetSha256: 'b'.repeat(64) })).toThrow(/datasetSha256 is not the sha256 its config names/);
    expect(checkJob(jobId(onPath), { ...data(onPath), datasetSha256: 'a'.repeat(64) }).run).toEqual(onPath);
  });

  it('hashes a data.path run by its files\' sha256, not by where the folder is', () => {
    const at = (path: string, sha256: string) => ({ ...run.config, data: { ...run.config.data, source: { kind: 'path' as const, path, sha256 } } });
    expect(runHash(at('/here/digits', 'a'.repeat(64)))).toBe(runHash(at('/elsewhere/digits', 'a'.repeat(64))));
    expect(runHash(at('/here/digits', 'a'.repeat(64)))).not.toBe(runHash(at('/here/digits', 'b'.repeat(64))));
  });

  it('refuses a job filed under another run\'s id', () => {
    expect(() => checkJob('tiny.run.000000000000', data())).toThrow(m.jobIdMismatch('tiny.run.000000000000', jobId(run)));
  });
});

describe('a result, as the coordinator checks it', () => {
  it('gives back the result and files a worker encoded, byte for byte', () => {
    const checked = checkResult(run, JSON.parse(JSON.stringify(encodeResult(completed))));
    expect(typeof checked).toBe('object');
    if (typeof checked === 'string') return;
    expect(checked.result).toEqual(completed.result);
    expect(checked.seconds).toBe(1.5);
    expect(Object.keys(checked.files).sort()).toEqual(['confusion-test.csv', 'model.bin', 'model.json']);
    expect(Buffer.compare(checked.files['model.bin'] as Buffer, Buffer.from([1, 2, 3]))).toBe(0);
  });

  it('rejects a file name outside the run\'s files', () => {
    for (const name of ['../../evil', 'notes.txt', '/etc/passwd', 'confusion-nope.csv']) {
      const encoded = encodeResult(completed);
      encoded.files[name] = 'AAAA';
      expect(checkResult(run, encoded)).toBe(`unexpected file '${name}'`);
    }
  });

  it('rejects a file over the size bound', () => {
    const encoded = encodeResult(completed);
    encoded.files['model.bin'] = 'A'.repeat(Math.ceil(MAX_FILE_BYTES / 3) * 4 + 4);
    expect(checkResult(run, encoded)).toBe('model.bin is too large');
  });

  it('rejects run files that describe another config, or a CSV that does not parse', () => {
    const other = plannedRun('training: { iterations: 3, seed: 2 }');
    expect(checkResult(run, { ...encodeResult({ ...completed, result: { ...completed.result, run: other } }), hash: run.hash, runId: run.id }))
      .toBe("config.json does not hash to the run's config hash");
    const encoded = encodeResult({ ...completed, files: { ...completed.files, 'confusion-test.csv': 'a,"b\n' } });
    expect(checkResult(run, encoded)).toBe('confusion-test.csv does not parse as CSV');
  });

  it('rejects a CSV file whose cells are not those whose SHA-256 the run\'s config.json records', () => {
    const encoded = encodeResult({ ...completed, files: { ...completed.files, 'confusion-test.csv': 'true,0,1\n0,3,1\n1,0,4\n' } });
    expect(typeof checkResult(run, JSON.parse(JSON.stringify(encoded)))).toBe('object');
    encoded.files['confusion-test.csv'] = Buffer.from('true,0,1\n0,2,2\n1,0,4\n').toString('base64');
    expect(checkResult(run, encoded)).toBe(rm.changedByHand('confusion-test.csv'));
  });

  it('names a result from a worker of another version, whose format differs, and refuses it', () => {
    const encoded = { ...encodeResult(completed), format: 1 };
    expect(checkResult(run, encoded)).toBe(m.otherVersion('a result', 1, 2));
    expect(m.otherVersion('a result', 1, 2)).toBe('a result in format 1 from another version of run-experiments (this one reads format 2): run the same version on the coordinator and every worker');
    expect(checkResult(run, { ...encoded, format: '2' })).toBe('not a run result');
  });

  it('refuses, before any training and for good, a job queued by a coordinator of another version', () => {
    expect(() => checkJob(jobId(run), { ...data(), format: 1 })).toThrow(m.otherVersion(`job ${jobId(run)}`, 1, JOB_FORMAT));
    expect(() => checkJob(jobId(run), { ...data(), format: 1 })).toThrow(UnrecoverableError);
  });

  it('takes a held-out run with an end-only slice as a job and gives back its result, its held-out analysis files and its unmeasured cells', () => {
    const held = plannedRun('data: { train: { split: train, end: 500, hold_out: { validation: 0.2 } }, evaluate: { test: { split: test, every: end } } }', 'training: { iterations: 3 }');
    expect(checkJob(jobId(held), data(held)).run).toEqual(held);
    const evaluations: Evaluation[] = [{ iteration: 0, epoch: 0, accuracy: { validation: 0.1 } }, { iteration: 2, epoch: 0.75, accuracy: { validation: 0.5, test: 0.25 } }];
    const result = { ...completed.result, run: held, evaluations };
    const files = { 'model.json': '{}', 'model.bin': Buffer.from([1, 2, 3]), 'confusion-validation.csv': 'a,b\n1,2\n', 'mistakes-test.csv': 'a,b\n1,2\n' };
    const checked = checkResult(held, JSON.parse(JSON.stringify(encodeResult({ ...completed, result, files }))));
    expect(typeof checked).toBe('object');
    if (typeof checked === 'string') return;
    expect(checked.result).toEqual(result);
    expect(Object.keys(checked.files).sort()).toEqual(['confusion-validation.csv', 'mistakes-test.csv', 'model.bin', 'model.json']);
  });

  it('rejects a result of another run', () => {
    expect(checkResult(run, { ...encodeResult(completed), runId: 'other' })).toMatch(/^a result of run other/);
  });
});

describe('queue URLs', () => {
  it('shows a URL with its password blanked, and blanks the password out of any text', () => {
    const url = parseQueueUrl('redis://:s3cr%40t@example.org:6380/2');
    expect(url.shown).toBe('redis://:***@example.org:6380/2');
    expect(redactText('AUTH s3cr@t failed for redis://:s3cr%40t@example.org:6380/2', url)).toBe('AUTH *** failed for redis://:***@example.org:6380/2');
  });

  it('takes rediss:// (TLS) and refuses other schemes without showing their password', () => {
    expect(parseQueueUrl('rediss://user:pw@example.org:6380').shown).toBe('rediss://user:***@example.org:6380');
    expect(() => parseQueueUrl('http://user:pw@example.org')).toThrow(m.urlInvalid('http://user:***@example.org'));
    expect(() => parseQueueUrl('not a url :pw@')).toThrow(m.urlInvalid('not a url :pw@'));
  });
});
