/** Every message the runner prints, written once. */
import type { RunStatus } from '../results/types.js';

const number = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** What a run is doing, as its progress line says it. */
export type RunPhase = 'training' | 'evaluating' | 'analysing' | 'writing';

export const runMessages = {
  skipped: (id: string, status: RunStatus) => `${id}: already ${status} with this config, skipped (--force retrains)`,
  rankedAgain: (id: string, prunedAt: number) =>
    `${id}: already pruned at ${prunedAt} with this config; ranked again with the other trials, it trains on only if this search promotes it (--force retrains)`,
  started: (id: string, total: number) => `${id}: started (${total} iterations)`,
  /** A trial of a successive-halving search at its rung, until the rest of its rung is there. */
  atRung: (id: string, iteration: number) => `${id}: at its rung (iteration ${iteration}), waiting for the other trials to be ranked`,
  /** A --force retraining that failed, its run's finished folder from before kept. */
  keptAfterFailure: (reason: string, status: RunStatus) =>
    `${reason}; its folder from before, a ${status} run of the same config, is kept as it was (--force again trains it again)`,
  /** A trial whose folder went further than this search's decisions let it (an earlier search's), kept as it is. */
  keptPastRung: (id: string, at: number, status: RunStatus) =>
    `${id}: this search prunes it at ${at}, but its folder holds a ${status} run that went further, from a search with other settings; kept as it is (--force trains the search anew)`,
  finished: (id: string, status: RunStatus, detail: string) => `${id}: ${status}${detail ? ` - ${detail}` : ''}`,
  progress: (id: string, iteration: number, total: number, loss: number, accuracy: string, rate: number, eta: number) =>
    `${id}  ${iteration}/${total}  loss ${number(loss)}${accuracy ? `  ${accuracy}` : ''}  ${rate.toFixed(0)} it/s  ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '-'}`,
  /** Accuracies and the iteration they were measured at: `test 0.951 @9900`. */
  accuracyAt: (accuracies: string, iteration: number) => `${accuracies} @${iteration}`,
  /** A run past its last iteration: evaluating its remaining snapshots, analysing or writing its folder. */
  phase: (id: string, phase: RunPhase, accuracy: string, evaluated: number, snapshots: number) =>
    `${id}  ${phase}${phase === 'evaluating' ? ` ${evaluated}/${snapshots}` : ''}${accuracy ? `  ${accuracy}` : ''}`,
  drawingReport: 'drawing the report: charts and README',
  /** Until the layered network is wired into the worker (spec/layers.ts architectureOf gives its Architecture). */
  modelNotTrainable: (what: string) => `this worker trains the hidden-layer shorthand with relu or sigmoid only, not ${what}`,
  /** The kernels float32 runs use, printed before any run starts. */
  concurrencyLowered: (workers: number, runBytes: number) =>
    `running ${workers} run${workers === 1 ? '' : 's'} at a time: float32 runs share 4 GiB with the dataset, and a run of this spec may take twice its estimate of ${Math.ceil(runBytes / 1024 ** 2)} MiB (limits.max_memory_mb's)`,
  kernels: (name: string, passedOver: readonly string[]) =>
    `kernels: ${name}${passedOver.length === 0 ? '' : ` (faster sets not in use: ${passedOver.join('; ')})`}`,
  float64Kernels: 'kernels: TypeScript float64, NumPy-exact (float64 runs do not use the SIMD kernels)',
  overall: (done: number, running: number, total: number, seconds: number) =>
    `${done}/${total} runs done, ${running} running, ${seconds.toFixed(1)}s elapsed`,
  /** `loss` is the loss at `iteration`: NaN or infinite, or finite when the divergence rule stopped the run. */
  diverged: (iteration: number, loss: number | undefined) =>
    loss !== undefined && Number.isFinite(loss)
      ? `diverged at iteration ${iteration}: loss ${number(loss)} and above the training.divergence limit from there on`
      : `diverged at iteration ${iteration}: loss became NaN or infinite`,
  interrupted: 'interrupted: stopping the runs at their next iteration (Ctrl-C again to quit at once)',
  interruptedSummary: (done: number, total: number, forced = false) =>
    `Interrupted: ${done} of ${total} runs are complete on disk; run the same command again${forced ? ' without --force (which would retrain them all)' : ''} to finish the rest.`,
  /** Interrupted while waiting for another process's lock (--wait): nothing of the folder was looked at. */
  interruptedWaiting: (dir: string) =>
    `Interrupted while waiting for the process writing ${dir} to end: nothing was trained or written there; run the same command again to go on.`,
  written: (dir: string) => `Results in ${dir}`,
  took: (trained: number, cached: number, seconds: number) =>
    `${trained} ${trained === 1 ? 'run' : 'runs'} trained and ${cached} cached in ${seconds.toFixed(1)} s`,
  concurrencyInvalid: (value: string, most: number) => `--concurrency: expected an integer from 1 to ${most}, got '${value}'`,
} as const;
