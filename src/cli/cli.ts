/**
 * The command line: picks the command, parses its options, turns user errors
 * into a message and exit code 2. It never exits the process itself.
 */
import { parseArgs } from 'node:util';
import { ExitCode, UserError, type Command, type Io } from './command.js';
import { commands } from './commands/index.js';

const TOP_HELP = (): string => `Usage: run-experiments [command] [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

  run-experiments SPEC  is short for  run-experiments run SPEC.
Run 'run-experiments COMMAND --help' for a command's options.
`;

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(TOP_HELP());
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const named = commands.find((c) => c.name === first);
  const command = named ?? commands.find((c) => c.name === 'run');
  const args = named ? rest : argv;
  if (!command || (!named && first.startsWith('-'))) {
    io.stderr.write(`run-experiments: unknown option '${first}'\n\n${TOP_HELP()}`);
    return ExitCode.usage;
  }
  return runCommand(command, args, io);
}

async function runCommand(command: Command, args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`run-experiments ${command.name}: ${(error as Error).message}\n\n${command.help}`);
    return ExitCode.usage;
  }
  if (parsed.values.help) {
    io.stdout.write(command.help);
    return ExitCode.ok;
  }
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr.write(`run-experiments ${command.name}: ${error.message}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}
