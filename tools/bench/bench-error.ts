/**
 * A failure the bench can name, as one line and exit code 2: a script it cannot find or
 * that failed, a spec of its own that does not load. Anything else is a bug and keeps its
 * stack trace.
 */
export class BenchError extends Error {
  override name = 'BenchError';
}
