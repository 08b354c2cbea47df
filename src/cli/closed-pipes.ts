/**
 * `run-experiments plan SPEC | head -1`: the reader goes away, and the next write to the pipe
 * fails with EPIPE, which Node raises as an unhandled 'error' event: a stack trace and exit 1,
 * after results were written. Once the reader has gone, what is left to print is dropped and
 * the command ends as it would have (its work and exit code unchanged).
 */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function dropWritesToClosedPipes(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!READER_GONE.has(error.code ?? '')) throw error;
  });
}
