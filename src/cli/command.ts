import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Working directory that relative paths are resolved against. */
  cwd: string;
}

/** Exit codes, the same for every command. */
export const ExitCode = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;

export { UserError } from '../errors.js';

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /**
   * The names of its positional arguments, as its usage line gives them (`['RUN_DIR', 'IMAGE...']`):
   * a name ending in `...` takes the rest. Each is a path, and one given empty is refused before the
   * command runs, by its name (an empty path would be the current folder).
   */
  positionals: readonly string[];
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs with parsed options and positionals; returns the exit code and never exits the process. */
  run(
    options: Record<string, string | boolean | (string | boolean)[] | undefined>,
    positionals: string[],
    io: Io,
  ): Promise<number>;
}
