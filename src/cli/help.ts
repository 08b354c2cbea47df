/**
 * `run-experiments help [COMMAND]` and `--help`: the top-level help, or one command's, the same
 * text its `--help` prints. The word `help` is the command line's own, not a Command.
 */
import { ExitCode, type Command, type Io } from './command.js';
import { cliMessages as m } from './messages.js';
import { closest } from '../spec/did-you-mean.js';

export const HELP_WORD = 'help';

export const topHelp = (commands: readonly Command[]): string => `Usage: run-experiments [command] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}
  ${HELP_WORD.padEnd(10)}Show a command's help, as COMMAND --help does (run-experiments help run)

  run-experiments SPEC  is short for  run-experiments run SPEC.
Run 'run-experiments help COMMAND' (or 'run-experiments COMMAND --help') for a command's
options, 'run-experiments --version' for the version.
`;

/** Every word the first argument may be, for messages and suggestions. */
export const commandWords = (commands: readonly Command[]): string[] => [...commands.map((c) => c.name), HELP_WORD];

/** `help` followed by `args`: the top-level help, one command's, or a one-line refusal with exit 2. */
export function help(args: readonly string[], commands: readonly Command[], io: Io): number {
  if (args.length > 1) return refuse(m.helpTakesOne(args.length), commands, io);
  const [word] = args;
  if (word === undefined || word === HELP_WORD || word === '--help' || word === '-h') {
    io.stdout.write(topHelp(commands));
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === word);
  if (!command) return refuse(m.helpUnknown(word, commandWords(commands), closest(word, commandWords(commands))), commands, io);
  io.stdout.write(command.help);
  return ExitCode.ok;
}

function refuse(message: string, commands: readonly Command[], io: Io): number {
  io.stderr.write(`run-experiments ${HELP_WORD}: ${message}\n\n${topHelp(commands)}`);
  return ExitCode.usage;
}
