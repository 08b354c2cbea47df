/**
 * The command line: picks the command, parses its options, turns user errors
 * into a message and exit code 2. It never exits the process itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExitCode, UserError, type Command, type Io } from './command.js';
import { commands } from './commands/index.js';
import { emptyArgument } from './empty-arguments.js';
import { commandWords, help, HELP_WORD, topHelp } from './help.js';
import { cliMessages as m } from './messages.js';
import { optionProblem } from './option-checks.js';
import { packageFile } from '../core/package-files.js';
import { IdxError } from '../core/data/idx.js';
import { closest } from '../spec/did-you-mean.js';
import { isOsError, osReason } from '../results/fs-errors.js';
import { visible } from '../visible-text.js';

/** This package's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** A first argument that names no file and reads as a word, not a path: a mistyped command, not a spec. */
function looksLikeCommand(word: string, cwd: string): boolean {
  return !/[/\\]/.test(word) && !/\.ya?ml$/i.test(word) && !existsSync(resolve(cwd, word));
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(topHelp(commands));
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === HELP_WORD) return help(rest, commands, io);
  if (first === '--version' || first === '-v') {
    io.stdout.write(`run-experiments ${version()}\n`);
    return ExitCode.ok;
  }
  const named = commands.find((c) => c.name === first);
  const command = named ?? commands.find((c) => c.name === 'run');
  const args = named ? rest : argv;
  // `run` is the default command, so its options may come first: run-experiments --force SPEC
  if (!command || (!named && first.startsWith('-') && !takesOption(command, first))) {
    const known = ['--help', '--version', ...Object.keys(command?.options ?? {}).map((name) => `--${name}`)];
    io.stderr.write(`run-experiments: ${m.unknownOption(first, closest(first, known))}\n\n${topHelp(commands)}`);
    return ExitCode.usage;
  }
  if (!named && !first.startsWith('-') && looksLikeCommand(first, io.cwd)) {
    io.stderr.write(`run-experiments: ${m.unknownCommand(first, commandWords(commands), closest(first, commandWords(commands)))}\n\n${topHelp(commands)}`);
    return ExitCode.usage;
  }
  return runCommand(command, args, io);
}

async function runCommand(command: Command, args: string[], io: Io): Promise<number> {
  const options = { ...command.options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    const problem = optionProblem(args, options);
    if (problem !== null) throw new Error(problem);
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`run-experiments ${command.name}: ${visible((error as Error).message)}\n\n${command.help}`);
    return ExitCode.usage;
  }
  if (parsed.values.help) {
    io.stdout.write(command.help);
    return ExitCode.ok;
  }
  try {
    const empty = emptyArgument(command.positionals, parsed.positionals, parsed.values);
    if (empty !== null) throw new UserError(empty);
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    const message = userMessage(error);
    if (message === null) throw error;
    io.stderr.write(`run-experiments ${command.name}: ${visible(message)}\n`);
    return ExitCode.usage;
  }
}

/**
 * The one place errors become exit codes: the user's to fix (every UserError, the core's
 * IdxError, and any refusal of the operating system that names its file) print one line
 * and exit 2; anything else is a bug in run-experiments, and keeps its stack trace.
 */
function userMessage(error: unknown): string | null {
  if (error instanceof UserError || error instanceof IdxError) return error.message;
  if (isOsError(error) && typeof error.path === 'string') return m.osRefused(error.syscall ?? 'use', error.path, osReason(error));
  return null;
}

/** Whether `word` (`--name` or `--name=value`) is one of the command's long options. */
function takesOption(command: Command, word: string): boolean {
  const name = /^--([^=]+)/.exec(word)?.[1];
  return name !== undefined && Object.hasOwn(command.options, name);
}
