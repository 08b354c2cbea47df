/** `run-experiments compare SOURCE... --out DIR`: runs of several experiments side by side, as a report to commit. */
import { ExitCode, UserError, type Command } from '../command.js';
import { cliMessages } from '../messages.js';

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare runs of several experiments in one report (README, CSV, charts)',
  help: `Usage: run-experiments compare SOURCE... --out DIR

Draws the chosen runs of finished experiments side by side into DIR: README.md (a
table of the runs and the charts), runs.csv (one row per run), charts/loss.svg and
charts/accuracy.svg (each with its Vega-Lite spec, *.vl.json) and compare.json (the
sources). A SOURCE is a results folder (every run in it) or DIR:RUN (one run), e.g.

  run-experiments compare results/lr-comparison:lr-0.5 results/convnet:convnet --out results/compare-x

Nothing is trained and the sources are only read. DIR is written whole, atomically,
and only when it is absent, empty or an earlier comparison. A missing folder or run,
a damaged experiment.json or a DIR holding other files is one line and exit 2.

Options:
  --out DIR    Where to write the comparison (required)
  -h, --help   Show this help
`,
  positionals: ['SOURCE...'],
  options: { out: { type: 'string' } },
  async run(options, positionals, io) {
    if (typeof options.out !== 'string') throw new UserError(cliMessages.compareNeedsOut);
    const { writeComparison } = await import('../../report/compare/compare-report.js');
    const { runs, charts } = await writeComparison(positionals, options.out, io.cwd);
    io.stdout.write(cliMessages.compared(options.out, runs, charts));
    return ExitCode.ok;
  },
};
