/** How long a worker's lock on a run lasts unrenewed by default (`worker --lock-ms`); apart from queue-worker.ts so the help needs no Redis client. */
export const DEFAULT_LOCK_MS = 30_000;
