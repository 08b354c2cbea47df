/**
 * Ctrl-C and SIGTERM exit 130 from the first moment: main.ts installs this handler before
 * it loads the rest of the command line (which takes a second), and a command that stops
 * gracefully (run, serve, worker) claims the signals for as long as it runs.
 *
 * Node hears a signal only between two turns of its event loop, and its signal handlers do
 * not keep the loop alive: a signal that comes while a command computes synchronously to its
 * end (predict, export) would be lost, the process exiting 0 as if none had come. main.ts
 * gives the loop its turns (signalsHeard) before it sets the exit code.
 */
import { ExitCode } from './command.js';
import { cliMessages as m } from './messages.js';
import { blockUntilExists } from '../results/test-hooks.js';

const exitAtOnce = (): never => {
  process.stderr.write(`run-experiments: ${m.interrupted}\n`);
  return process.exit(ExitCode.interrupted);
};
let installed = false;

export function exitOnSignal(): void {
  installed = true;
  process.on('SIGINT', exitAtOnce).on('SIGTERM', exitAtOnce);
  // for tests: the moment from which a signal must give 130
  if (process.env.RUN_EXPERIMENTS_TEST_SIGNALS) process.stderr.write('test hook: signal handlers installed\n');
}

/**
 * `handler` hears SIGINT and SIGTERM instead; the returned function gives them back. The new
 * listener goes on before the old comes off: when a signal's last listener comes off, Node
 * gives the signal back its default action, and a SIGTERM in that moment would kill the process
 * rather than exit 130. A signal while both listen runs both: exitAtOnce exits 130.
 */
export function claimSignals(handler: () => void): () => void {
  process.on('SIGINT', handler).on('SIGTERM', handler);
  process.off('SIGINT', exitAtOnce).off('SIGTERM', exitAtOnce);
  return () => {
    if (installed) process.on('SIGINT', exitAtOnce).on('SIGTERM', exitAtOnce);
    process.off('SIGINT', handler).off('SIGTERM', handler);
  };
}

/** Claims the signals for a graceful stop: the first calls `stop`, a second exits 130 at once. */
export function stopOnSignal(stop: () => void): () => void {
  let heard = false;
  return claimSignals(() => {
    if (heard) process.exit(ExitCode.interrupted);
    heard = true;
    stop();
  });
}

/**
 * Resolves after two turns of the event loop, with a poll for signals between them: a signal
 * that came during synchronous work is heard (and its handler run) before this resolves.
 */
export function signalsHeard(): Promise<void> {
  return new Promise((heard) => setImmediate(() => setImmediate(heard)));
}

/**
 * For tests, RUN_EXPERIMENTS_TEST_HOLD_END=FILE: once the command's work is done, say so on
 * stderr and compute on, synchronously, until FILE exists, as a long last step (reading a model,
 * classifying images) would: it widens the window in which a signal used to be lost, without sleeping.
 */
export function holdAtEndForTest(): void {
  const file = process.env.RUN_EXPERIMENTS_TEST_HOLD_END;
  if (!file) return;
  process.stderr.write(`test hook: holding at the end until ${file} exists\n`);
  blockUntilExists(file);
}
