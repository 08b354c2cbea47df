/** How long a worker's lock on a run lasts unrenewed by default (`worker --lock-ms`); apart from queue-worker.ts so the help needs no Redis client. */
export const DEFAULT_LOCK_MS = 30_000;
/** The shortest lock: renewed every half of it, over a loaded machine's pauses. */
export const MIN_LOCK_MS = 100;
/**
 * The longest lock, a day: timers take at most 2^31 - 1 ms (longer ones fire at once, and a
 * worker given 2^31 stopped with a warning for every timer), and Redis refuses an expiry
 * beyond a 64-bit integer.
 */
export const MAX_LOCK_MS = 86_400_000;
