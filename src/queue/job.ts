/**
 * One job per run: its id, derived from the experiment's name, the run's id and its config
 * hash (adding it twice is one job), and its data, which a worker checks against the schema
 * before it trusts any of it.
 */
import { UnrecoverableError } from 'bullmq';
import { runHash } from '../plan/hash.js';
import { validateAgainstSchema } from '../spec/schema.js';
import type { PlannedRun, RunConfig } from '../spec/types.js';
import { isSafeId } from '../results/safe-id.js';
import { queueMessages as m } from './messages.js';

export const JOB_NAME = 'train';
const HASH = /^[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The job format. 2: its result is a RunJobResult of format 2 (job-result.ts); 3: its id holds
 * the run's id. A worker of another version refuses it before training.
 */
export const JOB_FORMAT = 3;

export interface RunJobData {
  format: typeof JOB_FORMAT;
  run: PlannedRun;
  /** For `data.path` datasets: the sha256 of the coordinator's files (core/data/dataset-sha256.ts). */
  datasetSha256: string | null;
}

/**
 * `<experiment>.<run>.<hash>`: BullMQ ids may not contain `:`, and ours hold only letters,
 * digits, `_`, `-` and `.`. The run's id too: two runs of a grid can have the same config
 * (momentum varied under sgd, which does not read it), and one job for both left the
 * coordinator waiting for the second for good.
 */
export function jobId(run: PlannedRun): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${safe(run.config.experiment)}.${safe(run.id)}.${run.hash}`;
}

/**
 * The job's run, checked: the shape, the config against the experiment schema, its hash,
 * and the job id. Anything else fails the job for good (UnrecoverableError: no retry).
 */
export function checkJob(id: string, data: unknown): RunJobData {
  const problem = (text: string): never => {
    throw new UnrecoverableError(m.jobMalformed(id, text));
  };
  const d = data as Partial<RunJobData> | null;
  if (typeof d !== 'object' || d === null || !Number.isInteger(d.format)) problem(`expected {format: ${JOB_FORMAT}, run, datasetSha256}`);
  if (d!.format !== JOB_FORMAT) throw new UnrecoverableError(m.otherVersion(`job ${id}`, Number(d!.format), JOB_FORMAT));
  const run = d!.run as Partial<PlannedRun> | undefined;
  if (typeof run !== 'object' || run === null) problem('no run');
  if (!isSafeId(run!.id)) problem('the run id is not a safe name');
  if (typeof run!.hash !== 'string' || !HASH.test(run!.hash)) problem('the run hash is not 12 hex digits');
  if (typeof run!.values !== 'object' || run!.values === null || Array.isArray(run!.values)) problem('the run values are not a mapping');
  const sha = d!.datasetSha256;
  if (sha !== null && (typeof sha !== 'string' || !SHA256.test(sha))) problem('datasetSha256 is not a sha256');
  const config = run!.config as RunConfig | undefined;
  const configProblem = checkConfig(config);
  if (configProblem) problem(configProblem);
  const source = config!.data.source;
  if ((source.kind === 'path') !== (sha !== null)) problem('datasetSha256 must be given for data.path datasets, and only for them');
  if (source.kind === 'path' && source.sha256 !== sha) problem('datasetSha256 is not the sha256 its config names');
  const got = runHash(config!);
  if (got !== run!.hash) throw new UnrecoverableError(m.jobHashMismatch(id, run!.hash!, got));
  const expected = jobId(run as PlannedRun);
  if (id !== expected) throw new UnrecoverableError(m.jobIdMismatch(id, expected));
  return d as RunJobData;
}

/** A run config is a spec with one value per key: check it as one, through the schema. */
function checkConfig(config: RunConfig | undefined): string | null {
  if (typeof config !== 'object' || config === null) return 'no config';
  const keys = Object.keys(config).sort().join(',');
  if (keys !== 'data,experiment,model,training') return `the config has keys ${keys}, expected data, experiment, model, training`;
  const { experiment, data, model, training } = config;
  if (typeof data !== 'object' || data === null || typeof data.source !== 'object' || data.source === null) return 'no data.source';
  const source = data.source;
  const sourceKeys = Object.keys(source).sort().join(',');
  let dataset: Record<string, unknown>;
  if (source.kind === 'mnist' && sourceKeys === 'kind') dataset = { dataset: 'mnist' };
  else if (source.kind === 'path' && sourceKeys === 'kind,path,sha256' && typeof source.path === 'string' && typeof source.sha256 === 'string') dataset = { path: source.path };
  else return 'data.source is neither mnist nor a path';
  const { source: _, ...rest } = data;
  const errors = validateAgainstSchema({ name: experiment, data: { ...dataset, ...rest }, model, training });
  if (errors.length === 0) return null;
  const e = errors[0];
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;
}
