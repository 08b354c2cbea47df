/** `run-experiments plan SPEC`: list the runs a spec expands to, without training. */
import { ExitCode, UserError, type Command } from '../command.js';
import { specMessages } from '../../spec/messages.js';
import type { Plan } from '../../spec/types.js';
import { valueText } from '../../plan/ids.js';
import { halvingBudget } from '../../plan/halving.js';
import { networkSummary } from '../../plan/network-summary.js';
import { architectureOf } from '../../spec/layers.js';
import type { DatasetShape } from '../../spec/dataset-sizes.js';
import { loadPlanOrThrow, SPEC_OPTIONS_HELP, specOptions } from './options.js';
import { cliMessages } from '../messages.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'List the runs a spec expands to (id, hash, varying values), without training',
  help: `Usage: run-experiments plan SPEC [options]

Prints one line per run of SPEC: its id (its folder under results/<name>/runs/),
the hash of its resolved config, the grid values it uses, and its network: each
layer, the shape a convolution or pooling gives, and the parameters. Nothing is trained.
Under search.schedule, a last line gives the rungs and the iterations the search trains.

Options:
  --json           Print the whole plan as JSON, every run's resolved config included
${SPEC_OPTIONS_HELP}  -h, --help       Show this help
`,
  positionals: ['SPEC'],
  options: { ...specOptions, json: { type: 'boolean' } },
  async run(options, positionals, io) {
    if (positionals.length === 0) throw new UserError(cliMessages.specMissing('plan'));
    if (positionals.length > 1) throw new UserError(cliMessages.tooManySpecs('plan', positionals.length));
    const { plan, dataset } = await loadPlanOrThrow(positionals[0], options, io);
    io.stdout.write(options.json ? `${JSON.stringify(plan, null, 2)}\n` : planTable(plan, dataset));
    const schedule = plan.spec.search?.schedule;
    if (schedule && !options.json) {
      const { rungs, iterations, spent, full } = halvingBudget(plan, schedule);
      io.stdout.write(`\n${cliMessages.halvingBudget(rungs, iterations, spent, full)}\n`);
    }
    return ExitCode.ok;
  },
};

/** Columns id, hash, one per varying key, then the run's network in one line, padded to line up. */
export function planTable(plan: Plan, dataset: DatasetShape): string {
  const header = ['id', 'hash', ...plan.varying, 'network'];
  const rows = plan.runs.map((run) => [
    run.id,
    run.hash,
    ...plan.varying.map((key) => valueText(run.values[key])),
    networkSummary(architectureOf(run.config.model, dataset.input, dataset.classes)),
  ]);
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  return [header, ...rows].map((row) => `${row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}\n`).join('');
}
