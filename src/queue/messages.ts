/** Every message of the queue's coordinator and workers, written once. Every URL in them is already redacted. */
export const queueMessages = {
  /** `run --queue` of a run whose model the coordinator would refuse as too large, after training it. */
  modelTooLarge: (runId: string, bytes: number, maxBytes: number, count: number) =>
    `run ${runId}'s model would be ${(bytes / 1024 ** 2).toFixed(0)} MiB${count > 1 ? ` (and ${count - 1} more runs' over the limit)` : ''}, more than a queue's result may carry (${maxBytes / 1024 ** 2} MiB a file); run it without --queue`,
  urlInvalid: (url: string) => `--queue: expected redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://... (TLS), got '${url}'`,
  urlPassword: (url: string) => `--queue: the password in '${url}' is not valid %-encoding (write % as %25)`,
  urlDatabase: (url: string, db: string) => `--queue: expected the database after the port to be a whole number (0, 1, ...), got '${db}' in '${url}'`,
  emptyQueue: `--queue: expected redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://... (TLS), got nothing`,
  unreachable: (url: string, reason: string) => `cannot reach Redis at ${url}: ${reason}`,
  unusable: (url: string, reason: string) => `cannot use Redis at ${url}: ${reason}`,
  connectionLost: (url: string, reason: string) => `lost the connection to Redis at ${url} (${reason}); reconnecting`,
  queued: (added: number, attached: number, url: string) =>
    `${added} runs queued and ${attached} already on the queue at ${url}; waiting for workers (run-experiments worker --queue URL)`,
  stopUnanswered: (url: string) =>
    `Redis at ${url} is not answering: this experiment's runs stay on the queue as they are (workers may still train them); run the same command again to collect them`,
  collected: (id: string) => `${id}: finished on the queue while no coordinator was waiting, collected`,
  removedWaiting: (removed: number, stopping: number) =>
    `removed ${removed} runs that had not started from the queue; ${stopping} running ones stop at their next iteration on their workers`,
  workerLost: (id: string) =>
    `${id}: its worker stopped or stopped answering (its lock on the run expired); the next worker to look takes the run over (run-experiments worker --queue URL), or the queue fails it after the stalls it allows`,
  resultRejected: (reason: string) => `results from the queue rejected: ${reason}`,
  otherVersion: (what: string, format: number, expected: number) =>
    `${what} in format ${format} from another version of run-experiments (this one reads format ${expected}): run the same version on the coordinator and every worker`,
  jobFailed: (reason: string) => `failed on the queue after its retries: ${reason}`,

  workerReady: (url: string, concurrency: number) => `worker: serving ${url} with ${concurrency} runs at once (Ctrl-C stops)`,
  workerConcurrencyLowered: (runs: number, run: string, runBytes: number) =>
    `worker: taking ${runs} run${runs === 1 ? '' : 's'} at a time: float32 runs share 4 GiB with their dataset, and ${run} may take twice its estimate of ${Math.ceil(runBytes / 1024 ** 2)} MiB (limits.max_memory_mb's)`,
  workerConcurrencyRaised: (runs: number) => `worker: taking ${runs} run${runs === 1 ? '' : 's'} at a time again`,
  workerStarted: (run: string, experiment: string, job: string) => `worker: ${experiment}/${run} started (job ${job})`,
  workerFinished: (run: string, status: string, seconds: number) => `worker: ${run} ${status} in ${seconds.toFixed(1)}s`,
  workerJobFailed: (job: string, reason: string) => `worker: job ${job} failed: ${reason}`,
  workerStopping: 'worker: stopping; runs in progress go back to the queue when their lock expires',
  workerStopped: 'the worker stopped before the run ended',
  workerRunStopping: (run: string, job: string) => `worker: ${run} stopping at its next iteration: its coordinator was interrupted (job ${job})`,
  jobStopped: 'stopped: its coordinator was interrupted; running the command again queues it anew',

  jobMalformed: (job: string, problem: string) => `job ${job} is not a run of run-experiments: ${problem}`,
  jobHashMismatch: (job: string, expected: string, got: string) =>
    `job ${job}: its config hashes to ${got}, not ${expected}: refused`,
  jobIdMismatch: (job: string, expected: string) => `job id ${job} does not match its run (expected ${expected}): refused`,
  datasetMissing: (path: string, sha: string) =>
    `dataset ${path} (sha256 ${sha.slice(0, 16)}) is not on this worker; start the worker with --data DIR pointing at a copy of it`,
  datasetDiffers: (path: string, expected: string, dir: string, got: string) =>
    `dataset ${path}: the coordinator's files have sha256 ${expected.slice(0, 16)}, this worker's ${dir} has ${got.slice(0, 16)}; refused`,

  lockInvalid: (value: string, min: number, max: number) => `--lock-ms: expected an integer from ${min} to ${max} (milliseconds), got '${value}'`,
  dataNotFolder: (dir: string) => `--data: ${dir} is not a folder with the four IDX files`,
  dataBad: (dir: string, detail: string) => `--data: ${dir} is not a folder with the four IDX files: ${detail}`,
} as const;
