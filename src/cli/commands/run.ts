/** `run-experiments [run] SPEC`: train every planned run in worker threads, write results and report. */
import { resolve } from 'node:path';
import { describeKernels } from '../../core/kernels/registry.js';
import type { RunResult } from '../../results/types.js';
import { queueUrlOf } from '../../queue/url.js';
import { poolSize } from '../../schedule/local-executor.js';
import { workersThatFit } from '../../schedule/memory-fit.js';
import { runMessages as m } from '../../schedule/messages.js';
import { specMessages } from '../../spec/messages.js';
import { ExitCode, UserError, type Command } from '../command.js';
import { stopOnSignal } from '../signals.js';
import { loadPlanOrThrow, MAX_CONCURRENCY, SPEC_OPTIONS_HELP, specOptions } from './options.js';
import { cliMessages } from '../messages.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Train every run of a spec and write its results and report (the default command)',
  help: `Usage: run-experiments [run] SPEC [options]

Validates SPEC, expands its grid into runs, trains them in parallel worker threads and
writes metrics, charts and a README into results/<name>/. Runs whose results are
already there, whole and with the same config, are skipped, so an interrupted
experiment resumes where it stopped; a run whose files are missing or damaged, or
whose settings changed, is trained again, with a line saying why. Folders of runs no
longer in the plan are listed (--prune removes them). Ctrl-C stops the running runs at
their next iteration and keeps every finished one; a second Ctrl-C quits at once. Runs
save checkpoints (DIR/checkpoints/, ignored by git), so an interrupted run goes on from
its last one, with the same result as a run never interrupted.

One process at a time writes a results folder: it holds DIR/.lock (pid, host, start
time). Another process on the same folder says who holds it and exits 2, or waits for
it with --wait; the lock of a process that is gone is taken over, and the temporaries
it left are removed.

float32 runs use the fastest native kernels built for this processor (AVX-512, AVX2
or NEON), else WebAssembly SIMD ones; all give the same results. The environment
variable RUN_EXPERIMENTS_KERNELS=wasm uses WebAssembly only; =native (or a native set's
alias: avx512, avx2, neon) fails (exit 2) where those native kernels are unavailable;
a kernel set's name (native-avx512, native-avx2, native-neon, wasm-simd, reference)
chooses that set.

Exit codes: 0 every run completed or diverged, 1 a run failed, 2 bad spec or usage,
a results folder in use, or a file the system would not write (full disk, read-only),
130 interrupted.

Options:
  --concurrency N  Runs trained at once, 1 to ${MAX_CONCURRENCY} (default: the number of cores)
  --force          Retrain runs whose results are already on disk
  --out DIR        Write results to DIR instead of results/<name> (a new or empty
                   folder, or one run wrote for this experiment; a folder of other
                   files or of another experiment's results is refused)
  --wait           Wait for another process writing the results folder to end
  --prune          Remove the folders under DIR/runs/ of runs not in the plan
  --queue URL      Train the runs on workers anywhere, through the Redis queue at URL
                   (redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://; default:
                   $RUN_EXPERIMENTS_QUEUE); start them with 'run-experiments worker'.
                   Results are written here, as a local run writes them.
${SPEC_OPTIONS_HELP}  -h, --help       Show this help
`,
  positionals: ['SPEC'],
  options: { ...specOptions, concurrency: { type: 'string' }, force: { type: 'boolean' }, out: { type: 'string' },
    wait: { type: 'boolean' }, prune: { type: 'boolean' }, queue: { type: 'string' } },
  async run(options, positionals, io) {
    const started = performance.now();
    if (positionals.length === 0) throw new UserError(cliMessages.specMissing('run'));
    if (positionals.length > 1) throw new UserError(cliMessages.tooManySpecs('run', positionals.length));
    let concurrency = parseConcurrency(options.concurrency);
    const kernels = kernelsLine();
    const { plan, dataset } = await loadPlanOrThrow(positionals[0], options, io);
    io.stderr.write(`${plan.runs.some((r) => r.config.training.precision === 'float32') ? kernels : m.float64Kernels}\n`);
    const resultsDir = resolve(io.cwd, typeof options.out === 'string' ? options.out : `results/${plan.spec.name}`);
    const queue = queueUrlOf(options.queue, process.env);
    // float32 runs share one memory: no more side by side than fit in it (the queue's workers each have their own)
    const fit = queue ? null : workersThatFit(plan.runs, dataset);
    if (fit && fit.workers < poolSize(plan, concurrency)) {
      io.stderr.write(`${m.concurrencyLowered(fit.workers, fit.runBytes)}\n`);
      concurrency = fit.workers;
    }
    if (queue && plan.spec.search?.schedule) throw new UserError(`${positionals[0]}: ${specMessages.scheduleQueue()}`);
    if (queue) {
      // a model the coordinator would refuse after its training, refused before it
      const [{ MAX_FILE_BYTES, tooLargeForQueue }, { queueMessages }] = await Promise.all([import('../../queue/job-result.js'), import('../../queue/messages.js')]);
      const tooLarge = tooLargeForQueue(plan.runs, dataset);
      if (tooLarge) throw new UserError(`${positionals[0]}: ${queueMessages.modelTooLarge(tooLarge.runId, tooLarge.bytes, MAX_FILE_BYTES, tooLarge.count)}`);
    }
    // bullmq and ioredis load only for --queue
    const executor = queue ? (await import('../../queue/queue-executor.js')).queueExecutor(queue, { say: (line) => io.stderr.write(`${line}\n`) }) : undefined;
    const { Experiment } = await import('../../schedule/experiment.js');
    const experiment = new Experiment(plan, {
      resultsDir, concurrency, force: options.force === true, wait: options.wait === true, prune: options.prune === true, progress: io.stderr, executor,
      specFile: { path: resolve(io.cwd, positionals[0]), cwd: io.cwd },
    });

    const giveBack = stopOnSignal(() => {
      io.stderr.write(`\n${m.interrupted}\n`);
      experiment.interrupt();
    });
    try {
      const outcome = await experiment.run();
      if (!outcome.locked) {
        // stopped before it could look at the folder: no count of runs on disk, which another process may be writing
        io.stdout.write(`${m.interruptedWaiting(resultsDir)}\n`);
        return ExitCode.interrupted;
      }
      io.stdout.write(summary(outcome.results));
      if (outcome.interrupted) {
        const done = outcome.results.filter((r) => r.status !== 'interrupted').length;
        io.stdout.write(`${m.interruptedSummary(done, outcome.results.length, options.force === true)}\n`);
        return ExitCode.interrupted;
      }
      // wall time on stderr, beside the progress: stdout stays the same bytes for the same results
      io.stderr.write(`${m.took(outcome.results.length - outcome.skipped.length, outcome.skipped.length, (performance.now() - started) / 1000)}\n`);
      io.stdout.write(`${m.written(resultsDir)}\n`);
      return outcome.results.some((r) => r.status === 'failed') || outcome.failedRetrains.length > 0 ? ExitCode.runFailed : ExitCode.ok;
    } finally {
      giveBack();
    }
  },
};

function parseConcurrency(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1 || n > MAX_CONCURRENCY) throw new UserError(m.concurrencyInvalid(String(value), MAX_CONCURRENCY));
  return n;
}

/** One line per run: status, final loss and the last accuracies; diverged and failed runs say why. */
export function summary(results: RunResult[]): string {
  const slices = [...new Set(results.flatMap((r) => r.evaluations.flatMap((e) => Object.keys(e.accuracy))))];
  const header = ['run', 'status', 'final loss', ...slices.map((s) => `${s} acc`), 'note'];
  const rows = results.map((r) => {
    const last = r.evaluations[r.evaluations.length - 1];
    const loss = r.losses.length ? r.losses[r.losses.length - 1] : Number.NaN;
    const note = r.status === 'diverged' ? m.diverged(r.divergedAt ?? 0, r.losses[r.divergedAt ?? 0]) : r.status === 'failed' ? (r.error ?? '') : '';
    return [r.run.id, r.status, r.losses.length ? loss.toPrecision(4) : '-', ...slices.map((s) => (last?.accuracy[s] !== undefined ? last.accuracy[s].toFixed(4) : '-')), note];
  });
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
  return `\n${[header, ...rows].map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n')}\n\n`;
}

/**
 * Which kernels float32 runs will use, and why not the native ones, as a line to print first.
 * A bad RUN_EXPERIMENTS_KERNELS, or =native where there are none, is the user's to fix: said
 * once, before any run.
 */
function kernelsLine(): string {
  try {
    const { name, passedOver } = describeKernels();
    return m.kernels(name, passedOver);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}
