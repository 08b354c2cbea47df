/**
 * Ctrl-C and SIGTERM exit 130 from the first moment: main.ts installs this handler before
 * it loads the rest of the command line (which takes a second), and a command that stops
 * gracefully (run) claims the signals for as long as it runs.
 */
import { ExitCode } from './command.js';

const exitAtOnce = (): never => process.exit(ExitCode.interrupted);
let installed = false;

export function exitOnSignal(): void {
  installed = true;
  process.on('SIGINT', exitAtOnce).on('SIGTERM', exitAtOnce);
  // for tests: the moment from which a signal must give 130
  if (process.env.RUN_EXPERIMENTS_TEST_SIGNALS) process.stderr.write('test hook: signal handlers installed\n');
}

/** `handler` hears SIGINT and SIGTERM instead; the returned function gives them back. */
export function claimSignals(handler: () => void): () => void {
  process.off('SIGINT', exitAtOnce).off('SIGTERM', exitAtOnce);
  process.on('SIGINT', handler).on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler).off('SIGTERM', handler);
    if (installed) process.on('SIGINT', exitAtOnce).on('SIGTERM', exitAtOnce);
  };
}
