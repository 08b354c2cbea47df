/** `run-experiments worker --queue URL`: train the runs that coordinators put on the queue. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { queueMessages as qm } from '../../queue/messages.js';
import { DEFAULT_LOCK_MS, MAX_LOCK_MS, MIN_LOCK_MS } from '../../queue/lock-ms.js';
import { queueUrlOf, QUEUE_ENV } from '../../queue/url.js';
import { runMessages as m } from '../../schedule/messages.js';
import { datasetSizes } from '../../spec/dataset-sizes.js';
import { ExitCode, UserError, type Command } from '../command.js';
import { MAX_CONCURRENCY } from './options.js';
import { stopOnSignal } from '../signals.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Train runs from a Redis queue that `run --queue URL` fills, on any number of machines',
  help: `Usage: run-experiments worker --queue URL [options]

Takes runs off the queue at URL (redis://[:PASSWORD@]HOST:PORT[/DB], or rediss://
for TLS; default: the RUN_EXPERIMENTS_QUEUE environment variable), trains them in
worker threads and sends their results back through the queue; it writes nothing
to disk. Start one per machine, as many machines as you like; see the README's
"Many machines". Ctrl-C stops it; its runs in progress go to another worker once
their lock expires.

Options:
  --queue URL       The Redis queue (default: $${QUEUE_ENV})
  --concurrency N   Runs trained at once, 1 to ${MAX_CONCURRENCY} (default: the number of cores);
                    fewer, saying so, once it takes float32 runs that do not fit
                    side by side in their 4 GiB of memory
  --data DIR        A data.path dataset this worker may read (repeatable): a job
                    whose dataset has the same files (sha256) reads this copy
  --lock-ms MS      How long a run's lock lasts unrenewed before another worker
                    takes it over, ${MIN_LOCK_MS} to ${MAX_LOCK_MS} (default ${DEFAULT_LOCK_MS})
  -h, --help        Show this help
`,
  positionals: [],
  options: {
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    data: { type: 'string', multiple: true },
    'lock-ms': { type: 'string' },
  },
  async run(options, positionals, io) {
    if (positionals.length > 0) throw new UserError(`unexpected argument '${positionals[0]}'`);
    const url = queueUrlOf(options.queue, process.env);
    if (!url) throw new UserError(`--queue URL is required (or ${QUEUE_ENV})`);
    const concurrency = integer(options.concurrency, 1, (text) => m.concurrencyInvalid(text, MAX_CONCURRENCY), MAX_CONCURRENCY) ?? availableParallelism();
    const lockMs = integer(options['lock-ms'], MIN_LOCK_MS, (text) => qm.lockInvalid(text, MIN_LOCK_MS, MAX_LOCK_MS), MAX_LOCK_MS) ?? DEFAULT_LOCK_MS;
    const dataDirs = ([options.data ?? []].flat() as string[]).map((d) => resolve(io.cwd, d));
    for (const dir of dataDirs) {
      // a folder of the four IDX files, read as a spec's data.path is (an empty folder would refuse every job)
      const found = datasetSizes(dir);
      if (!found.ok) throw new UserError(found.reason === 'bad-data' ? qm.dataBad(dir, found.detail) : qm.dataNotFolder(dir));
    }
    // bullmq and ioredis load only here: every other command starts without them
    const { QueueWorker } = await import('../../queue/queue-worker.js');
    const worker = new QueueWorker({ url, concurrency, lockMs, dataDirs, say: (line) => io.stderr.write(`${line}\n`) });

    // until it serves, a signal exits at once (main.ts); from then on the worker stops its runs and
    // leaves, and a second signal quits at once
    await worker.start();
    let giveBack = (): void => {};
    await new Promise<void>((stopped) => {
      giveBack = stopOnSignal(() => void worker.stop().then(stopped));
    });
    giveBack();
    return ExitCode.interrupted;
  },
};

function integer(value: unknown, min: number, message: (text: string) => string, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UserError(message(text));
  return Number(text);
}
