/** `run-experiments validate SPEC...`: check specs without training anything. */
import { ExitCode, UserError, type Command } from '../command.js';
import { specMessages } from '../../spec/messages.js';
import { formatProblems } from '../../spec/problem.js';
import { loadPlan, SPEC_OPTIONS_HELP, specOptions, terminalWidth } from './options.js';
import { cliMessages } from '../messages.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check experiment specs and count their runs, without training',
  help: `Usage: run-experiments validate SPEC... [options]

Checks each SPEC (a YAML file, e.g. experiments/lr-comparison.yaml) against
schemas/experiment.schema.json and the dataset, and prints 'SPEC: ok (N runs)'
or every problem as file:line:col. Writes no files. Exits 0 when every spec is
valid, 2 otherwise.

Options:
${SPEC_OPTIONS_HELP}  -h, --help       Show this help
`,
  positionals: ['SPEC...'],
  options: specOptions,
  async run(options, positionals, io) {
    if (positionals.length === 0) throw new UserError(cliMessages.specMissing('validate'));
    let ok = true;
    for (const file of positionals) {
      const { plan, problems, warnings } = await loadPlan(file, options, io);
      if (plan) {
        io.stderr.write(formatProblems(warnings));
        io.stdout.write(`${cliMessages.validOk(file, plan.runs.length)}\n`);
      } else {
        ok = false;
        io.stderr.write(`${formatProblems(problems, terminalWidth(io))}${cliMessages.problemsIn(file, problems.length)}\n`);
      }
    }
    return ok ? ExitCode.ok : ExitCode.usage;
  },
};
