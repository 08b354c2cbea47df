/** `run-experiments serve [RESULTS_DIR] [--port N]`: the results as a local web app (src/serve/), until Ctrl-C. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { danglingLinkWords } from '../../core/read-file.js';
import { ExitCode, UserError, type Command } from '../command.js';
import { claimSignals } from '../signals.js';
import { serveMessages as m } from '../../serve/messages.js';
import { DEFAULT_PORT } from '../../serve/port.js';

const HELP = `Usage: run-experiments serve [RESULTS_DIR] [options]

Serves RESULTS_DIR (default: results) as a web app on this machine only (127.0.0.1):
an index of the experiments, each experiment's interactive charts and sortable table of runs
(updated live while it runs), a view comparing runs of any experiments, and a page where
a run's model reads a digit you draw. Only files under RESULTS_DIR are served.
Ctrl-C stops it (exit 130).

Options:
  --port N     the port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  -h, --help   show this help

Example:
  run-experiments serve results --port 8080
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Explore results in the browser: charts, live runs, compare, draw a digit',
  help: HELP,
  positionals: ['RESULTS_DIR'],
  options: { port: { type: 'string' } },
  async run(options, positionals, io) {
    if (positionals.length > 1) throw new UserError(m.tooManyDirs(positionals.length));
    const dir = positionals[0] ?? 'results';
    const root = resolve(io.cwd, dir);
    const stat = statSync(root, { throwIfNoEntry: false });
    if (!stat) throw new UserError(m.noResultsDir(dir, danglingLinkWords(root)));
    if (!stat.isDirectory()) throw new UserError(m.notAFolder(dir));
    const port = parsePort(options.port);
    const { startServer } = await import('../../serve/server.js');
    const server = await startServer(root, port, (line) => io.stderr.write(`${line}\n`));
    io.stdout.write(`${m.listening(dir, server.url)}\n`);
    await new Promise<void>((stop) => {
      const giveBack = claimSignals(() => {
        giveBack();
        stop();
      });
    });
    await server.close();
    return ExitCode.interrupted;
  },
};

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT;
  const text = String(value);
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UserError(m.badPort(text));
  return Number(text);
}
