/** `run-experiments report DIR`: redraw a results folder's charts and README from its saved results. */
import { resolve } from 'node:path';
import { ExitCode, UserError, type Command } from '../command.js';
import { reportMessages } from '../../report/messages.js';
import { cliMessages } from '../messages.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Redraw the charts and README of a results folder, without training',
  help: `Usage: run-experiments report DIR [--run ID]...

Draws DIR/runs.csv, DIR/README.md and every picture in DIR/charts/ (each SVG with its
Vega-Lite spec beside it, *.vl.json) from the data that 'run-experiments run' saved in
DIR (e.g. results/lr-comparison): the comparison charts, and the chart, confusion
matrices and mistakes of the best few runs in DIR/charts/runs/<run>/. Nothing is
trained; the output is byte-identical to what the run wrote for the same results, and a
picture whose spec did not change is not drawn again. The run folders are only read.
It holds DIR/.lock while it writes (exit 2 if a run holds it), and a damaged
experiment.json, a missing or unknown run or a folder it cannot write is one line and exit 2.

Options:
  --run ID     Also draw run ID up close, from now on (repeatable; remembered in
               DIR/experiment.json, so later runs and reports keep drawing it)
  -h, --help   Show this help
`,
  positionals: ['DIR'],
  options: { run: { type: 'string', multiple: true } },
  async run(options, positionals, io) {
    if (positionals.length !== 1) throw new UserError(cliMessages.reportNeedsOneDir(positionals.length));
    const dir = positionals[0];
    const requested = options.run === undefined ? [] : (Array.isArray(options.run) ? options.run : [options.run]).map(String);
    const { renderReportFromDisk } = await import('../../report/render-from-disk.js');
    const { drawn, kept } = await renderReportFromDisk(resolve(io.cwd, dir), requested);
    io.stdout.write(cliMessages.reportRendered(dir, drawn, kept));
    return ExitCode.ok;
  },
};
