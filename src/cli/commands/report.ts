/** `run-experiments report DIR`: redraw a results folder's charts and README from its saved results. */
import { resolve } from 'node:path';
import { ExitCode, UserError, type Command } from '../command.js';
import { reportMessages } from '../../report/messages.js';
import { renderReportFromDisk } from '../../report/render-from-disk.js';
import { cliMessages } from '../messages.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Redraw the charts and README of a results folder, without training',
  help: `Usage: run-experiments report DIR

Redraws DIR/runs.csv, DIR/charts/*.svg, DIR/runs/<run>/chart.svg and DIR/README.md
from the CSV files and config.json files that 'run-experiments run' saved in DIR
(e.g. results/lr-comparison). Nothing is trained; the output is byte-identical to
what the run wrote for the same results. The run folders are only read. It holds
DIR/.lock while it writes (exit 2 if a run holds it), and a damaged experiment.json,
a missing run or a folder it cannot write is one line and exit 2.

Options:
  -h, --help   Show this help
`,
  options: {},
  async run(_options, positionals, io) {
    if (positionals.length !== 1) throw new UserError(cliMessages.reportNeedsOneDir(positionals.length));
    const dir = positionals[0];
    const { charts } = await renderReportFromDisk(resolve(io.cwd, dir));
    io.stdout.write(cliMessages.reportRendered(dir, charts));
    return ExitCode.ok;
  },
};
