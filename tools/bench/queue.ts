/**
 * `npm run bench -- --queue`: what the queue costs, on loopback, with a redis-server of its
 * own: tiny runs through 2 worker processes against the same runs local on 2 threads, and
 * Redis's memory per queued run. The queue's overhead per run is the time a run spends
 * outside its training (wall-clock times 2 lanes, less the runs' own seconds from
 * timings.csv, per run) through the queue, less the same locally: what the training
 * itself costs, which a loaded machine stretches on either side, cancels out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { planRuns } from '../../src/plan/plan.js';
import { QUEUE_NAME } from '../../src/queue/connection.js';
import { JOB_FORMAT, JOB_NAME, jobId, type RunJobData } from '../../src/queue/job.js';
import { loadSpec } from '../../src/spec/load.js';
import { packageFile } from '../../src/core/package-files.js';

const LANES = 2;
const root = packageFile('.');
const main = join(root, 'dist/cli/main.js');
const SPEC = join(root, 'experiments/lr-comparison.yaml');
const sets = (runs: number): string[] => [
  'grid.training.learning_rate=[0.5]', `repeat=${runs}`, 'training.iterations=5', 'training.eval_every=5',
  'data.evaluate.train.end=100', 'data.evaluate.test.end=100',
];
const specArgs = (runs: number): string[] => [SPEC, ...sets(runs).flatMap((s) => ['--set', s])];

export async function benchQueue(say: (line: string) => void, { runs, cpu }: { runs: number; cpu: string }): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-queue-'));
  const port = await freePort();
  const redis = await startRedis(port, scratch);
  const url = `redis://127.0.0.1:${port}`;
  const perRun = (seconds: number): string => `${((seconds / runs) * 1000).toFixed(1)} ms`;
  try {
    say(`machine: ${cpu}, node ${process.version}; redis-server on loopback`);
    say(`${runs} tiny runs (784-50-10, 5 iterations, 2 evaluations on 100 + 100 images)`);
    const memory = await memoryPerQueuedRun(port, runs);
    say(`Redis memory per queued run: ${(memory / 1024).toFixed(1)} KiB (INFO memory, ${runs} jobs added, no worker)`);

    const local = await timed(['run', ...specArgs(runs), '--out', join(scratch, 'local'), '--concurrency', String(LANES)]);
    const localTrained = trainingSeconds(join(scratch, 'local'));
    say(`local, ${LANES} threads:            ${local.toFixed(1)} s  (${perRun(local)} per run; outside its training ${perRun(local * LANES - localTrained)} of lane time per run)`);

    const workers = Array.from({ length: LANES }, () => spawn(process.execPath, [main, 'worker', '--queue', url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] }));
    await Promise.all(workers.map((w) => ready(w)));
    const queued = await timed(['run', ...specArgs(runs), '--out', join(scratch, 'queue'), '--queue', url]);
    for (const w of workers) w.kill('SIGINT');
    const queueTrained = trainingSeconds(join(scratch, 'queue'));
    say(`queue, ${LANES} worker processes:   ${queued.toFixed(1)} s  (${perRun(queued)} per run; outside its training ${perRun(queued * LANES - queueTrained)} of lane time per run)`);
    say(`queue overhead per run:      ${perRun(queued * LANES - queueTrained - (local * LANES - localTrained))} (outside training, queue less local; wall-clock difference ${perRun(queued - local)})`);
    const folder = join(scratch, 'queue', 'runs', readdirSync(join(scratch, 'queue', 'runs'))[0]);
    const bytes = readdirSync(folder).filter((f) => f !== 'chart.svg').reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);
    say(`one run's result through Redis: ${(bytes / 1024).toFixed(1)} KiB of files (${((bytes * 4) / 3 / 1024).toFixed(1)} KiB as base64), held until collected`);
  } finally {
    redis.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The runs' own seconds (training, evaluation, analysis), from the results' timings.csv. */
function trainingSeconds(dir: string): number {
  const rows = readFileSync(join(dir, 'timings.csv'), 'utf8').trim().split('\n').slice(1);
  return rows.reduce((sum, row) => sum + Number(row.split(',').at(-1)), 0);
}

async function memoryPerQueuedRun(port: number, runs: number): Promise<number> {
  const { spec } = await loadSpec(SPEC, { set: sets(runs), cwd: root });
  const planned = planRuns(spec!).runs;
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection: client });
  const used = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
  await queue.waitUntilReady();
  const before = await used();
  await queue.addBulk(planned.map((run) => ({
    name: JOB_NAME,
    data: { format: JOB_FORMAT, run, datasetSha256: null } satisfies RunJobData,
    opts: { jobId: jobId(run), attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  })));
  const after = await used();
  await queue.obliterate({ force: true });
  await queue.close();
  client.disconnect();
  return (after - before) / planned.length;
}

function timed(args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  const failed = (): string => stdout.split('\n').filter((l) => / failed /.test(l)).slice(0, 5).join('\n');
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`run-experiments ${args[0]} exited ${code}:\n${failed()}\n${stderr.slice(-1000)}`)))));
}

function ready(worker: ChildProcess): Promise<void> {
  return new Promise((resolve) => worker.stderr!.on('data', (d: Buffer) => String(d).includes('worker: serving') && resolve()));
}

function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.on('error', () => reject(new Error('redis-server not found: apt-get install redis-server')));
    child.stdout!.on('data', (d: Buffer) => String(d).includes('Ready to accept connections') && resolve(child));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
