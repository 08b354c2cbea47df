/**
 * The errors a user can act on, for every layer below the CLI. Each names the file
 * (and line and column where there is one) and what was expected; the CLI prints the
 * message as it is, with no stack trace, and maps the type to an exit code in one
 * place (cli/cli.ts). The network core keeps its own (core/data/idx.ts: IdxError), as
 * it imports nothing from the runner; the CLI maps those too.
 */

/** A user's mistake: a bad argument, spec, file or folder. Exit code 2. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A file or folder the operating system would not read or write (full disk, read-only, not a folder). Exit code 2. */
export class FileSystemError extends UserError {
  override name = 'FileSystemError';
}
