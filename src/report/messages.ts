/** Every user-facing text of the results and report: errors, chart titles, README sentences. Tests assert through these. */
import { formatNumber } from '../results/numbers.js';

export const reportMessages = {
  /** `dangling`: core/read-file.ts's words for a symbolic link to nothing, when `dir` is one. */
  reportDirMissing: (dir: string, dangling: string | null = null): string =>
    `expected a results folder, but '${dir}' ${dangling === null ? 'does not exist' : `is ${dangling}`}`,
  reportNotADir: (dir: string): string => `expected a results folder, but '${dir}' is a file`,
  reportNotResultsDir: (dir: string, file: string): string =>
    `expected a results folder written by 'run-experiments run', but '${dir}' has no readable ${file}`,
  /** `why`: what is wrong with the folder, when it can be said ("metrics.csv is damaged (expected ...)"). */
  reportRunMissing: (dir: string, runId: string, why?: string): string =>
    `expected the results of run '${runId}' in '${dir}/runs/${runId}', but ${why ?? 'they are missing or incomplete'}; run the experiment again`,
  reportUnknownRun: (dir: string, runId: string, ids: string[]): string =>
    `expected a run of ${dir}, got '${runId}'; its runs are ${ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, ... (${ids.length})` : ids.join(', ')}`,
  compareNothing: 'expected results to compare: DIR (every run of a results folder) or DIR:RUN, e.g. results/lr-comparison:lr-0.5',
  compareTwice: (label: string): string => `run ${label} is named twice; name each run once`,
  compareSameName: (label: string, first: string, second: string): string =>
    `${first} and ${second} both hold run ${label}: compare names each run experiment/run, so it cannot show both (compare runs of experiments named differently)`,
  compareOutNotFolder: (dir: string): string => `cannot write the comparison into ${dir}: it is not a folder`,
  compareOutTaken: (dir: string, entry: string): string =>
    `cannot write the comparison into ${dir}: it holds ${entry}, which compare does not write, and compare replaces the whole folder; choose an empty or new --out`,
  compareOutUnrecorded: (dir: string, file: string): string =>
    `cannot write the comparison into ${dir}: it has no ${file} written by compare, and compare replaces the whole folder; choose an empty or new --out`,
  pictureFolderLinked: (path: string, target: string): string =>
    `${path} is a symbolic link to '${target}': the report writes its pictures, and removes those it no longer draws, only in folders of the results folder; remove the link (the report draws its pictures again)`,
  experimentDamaged: (path: string, problem: string): string =>
    `${path} is damaged: ${problem}; run the experiment again to rewrite it`,
  /** An experiment.json that does not hold what its own spec plans; `problem` is one of the `plan...` phrases below. */
  experimentNotPlanned: (path: string, problem: string): string =>
    `${path} does not hold what its spec plans: ${problem}; run the spec again to rebuild it`,
  planUnplannable: (reason: string): string => `its spec cannot be planned (${reason})`,
  planRunMissing: (id: string): string => `it does not list run '${id}', which its spec plans`,
  planRunExtra: (id: string): string => `it lists run '${id}', which its spec does not plan`,
  planRunHash: (id: string, listed: string, planned: string): string => `it lists run '${id}' with config hash ${listed}, where its spec plans ${planned}`,
  planRunCount: (listed: number, planned: number): string => `it lists ${listed} runs, where its spec plans ${planned}`,
  planRunOrder: 'it lists the runs in another order than its spec plans them',
  planVarying: (listed: string[], planned: string[]): string =>
    `it gives the varying keys as [${listed.join(', ')}], where its spec varies [${planned.join(', ')}]`,
  planRecord: (id: string, recorded: string, planned: string): string =>
    `runs/${id}/config.json records settings of config hash ${recorded}, where its spec plans ${planned}`,
  // What happened to a run, one sentence each.
  outcomeCompleted: (slice: string | null, accuracy: number | null, iterations: number, finalLoss: number | null): string =>
    slice !== null && accuracy !== null
      ? `completed: ${slice} accuracy ${accuracy.toFixed(3)} after ${iterations} iterations`
      : `completed: final loss ${finalLoss === null ? 'unknown' : lossText(finalLoss)} after ${iterations} iterations`,
  /** `rule` is the run's divergence rule, said when the loss stayed finite but too high. */
  outcomeDiverged: (iteration: number, loss: number | undefined, rule?: { factor: number; patience: number }): string =>
    `diverged at iteration ${iteration}: loss became ${loss === undefined ? 'NaN or infinite' : lossText(loss)}${
      rule && loss !== undefined && Number.isFinite(loss) ? ` and stayed above ${formatNumber(rule.factor)}x its start for ${rule.patience} iterations` : ''}`,
  outcomeFailed: (error: string | null): string => `failed: ${error ?? 'no error message was recorded'}`,
  outcomeInterrupted: (iterations: number): string => `interrupted after ${iterations} iterations`,
  outcomePruned: (slice: string | null, accuracy: number | null, prunedAt: number): string =>
    `pruned at iteration ${prunedAt} by successive halving${slice !== null && accuracy !== null ? `, ${slice} accuracy ${accuracy.toFixed(3)} there` : ''}`,

  // Charts.
  lossTitle: 'Training loss',
  lossSubtitle: (window: number, repeats: boolean, diverged: boolean): string =>
    `${windowText(window)}${repeats ? '; line: mean over seeds, band: min to max' : ''}${diverged ? '; a cross marks where a run diverged' : ''}`,
  accuracyTitle: 'Accuracy per epoch',
  /** The comparison past a dozen lines. */
  bestOf: (shown: number, all: number): string => `the ${shown} best of ${all} settings; every run's final figure is in the final chart`,
  finalTitle: (metric: string, key: string): string => `Final ${metric} against ${key}`,
  finalSubtitle: (runs: number): string => `one point per run (${runs} runs), at its last evaluation`,
  finalLoss: 'loss',
  accuracySubtitle: (repeats: boolean): string =>
    `${repeats ? 'line: mean over seeds, band: min to max' : 'accuracy on each evaluation slice'}; the axis is zoomed to the data, and 0.9 to 0.99 is as tall as 0.99 to 0.999`,
  runSubtitle: (window: number): string =>
    `loss: ${windowText(window)}${window > 1 ? ' (band: min to max)' : ''} on the left axis; accuracy on the right axis`,
  divergedLabel: (iteration: number): string => `diverged at ${iteration}`,
  axisIteration: 'iteration',
  axisEpoch: 'epoch',
  axisLoss: 'loss (cross-entropy)',
  axisAccuracy: 'accuracy',
  /** The comparison chart's axis, spaced by the log of the error (see charts/accuracy-scale.ts). */
  axisAccuracyZoomed: 'accuracy (spaced by log of 1 - accuracy)',
  sliceAccuracy: (slice: string): string => `${slice} accuracy`,
  lossSeries: 'loss',
  failedSeries: (series: string): string => `${series} (failed)`,
  sliceHeader: 'evaluation slice',
};

function windowText(window: number): string {
  return window === 1 ? 'the loss of each iteration' : `mean of each ${window} iterations`;
}

/** A loss for people: four significant digits, NaN and infinities as written. */
export function lossText(loss: number): string {
  return Number.isFinite(loss) ? String(Number(loss.toPrecision(4))) : formatNumber(loss);
}
