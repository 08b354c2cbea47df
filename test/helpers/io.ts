/** The command line in this process: an Io that records what a command prints. */
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/cli.js';
import type { Io } from '../../src/cli/command.js';

export type FakeIo = Io & { out(): string; err(): string };

export function fakeIo(cwd: string): FakeIo {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({ write(chunk, _encoding, done) { append(String(chunk)); done(); } });
  return { cwd, stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), out: () => out, err: () => err };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` through the command line's entry function in `cwd`, as the shell would. */
export async function cli(argv: string[], cwd: string): Promise<CliResult> {
  const io = fakeIo(cwd);
  const code = await runCli(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Joins lines with newlines, ending with one: specs in tests read as the file would. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
