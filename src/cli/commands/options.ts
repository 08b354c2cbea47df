/**
 * Options every command that reads a spec shares (`--set`, `--max-runs`), and the one call
 * that turns a spec path and those options into a Plan or a UserError listing every problem.
 */
import type { ParseArgsConfig } from 'node:util';
import { UserError, type Io } from '../command.js';
import { DEFAULT_MAX_RUNS } from '../../spec/max-runs.js';
import type { DatasetShape } from '../../spec/dataset-sizes.js';
import { specMessages } from '../../spec/messages.js';
import { DEFAULT_WIDTH, formatProblems, type Problem } from '../../spec/problem.js';
import type { Plan } from '../../spec/types.js';
import { cliMessages } from '../messages.js';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * The most worker threads `run --concurrency` and `worker --concurrency` start. Each costs about
 * 12 MB before it trains, and all start whether or not there are runs for them:
 * `--concurrency 100000` took 9 GB and would not stop on SIGTERM while it spawned them.
 */
export const MAX_CONCURRENCY = 256;

/** Add these to a command's `options`. */
export const specOptions = {
  set: { type: 'string', multiple: true },
  'max-runs': { type: 'string' },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** The lines of `--help` that describe specOptions. */
export const SPEC_OPTIONS_HELP = `  --set KEY=VALUE  Override a key of the spec, e.g. --set training.iterations=100
                   or --set grid.training.learning_rate=[0.1,0.5]; VALUE is YAML.
                   Repeatable; applied in order, after the file.
  --max-runs N     Refuse grids that expand to more than N runs (default ${DEFAULT_MAX_RUNS})
`;

/** The `--set` arguments, in order (each checked, like the file, when the spec loads). */
export function parseSetOptions(value: OptionValues[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `--max-runs N` as a number, or the default. */
export function parseMaxRuns(value: OptionValues[string]): number {
  if (value === undefined) return DEFAULT_MAX_RUNS;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(cliMessages.maxRunsInvalid(text));
  return Number(text);
}

/** How wide quoted lines may be: the terminal's width, or 80 when stderr is not a terminal. */
export function terminalWidth(io: Io): number {
  return io.stderr.isTTY && io.stderr.columns ? io.stderr.columns : DEFAULT_WIDTH;
}

/** The plan of a spec, or every problem with it. */
export async function loadPlan(
  specPath: string,
  values: OptionValues,
  io: Io,
): Promise<{ plan: Plan | null; problems: Problem[]; warnings: Problem[]; dataset?: DatasetShape }> {
  // the parser, the schema and the planner load only for a command that reads a spec
  const { loadSpec } = await import('../../spec/load.js');
  const { plan = null, problems, warnings = [], dataset } = await loadSpec(specPath, {
    set: parseSetOptions(values.set),
    maxRuns: parseMaxRuns(values['max-runs']),
    cwd: io.cwd,
  });
  return { plan, problems, warnings, dataset };
}

/** The plan of a spec (its warnings printed to stderr), with its dataset's shape; a UserError whose message lists every problem otherwise. */
export async function loadPlanOrThrow(specPath: string, values: OptionValues, io: Io): Promise<{ plan: Plan; dataset: DatasetShape }> {
  const { plan, problems, warnings, dataset } = await loadPlan(specPath, values, io);
  if (plan) io.stderr.write(formatProblems(warnings, terminalWidth(io)));
  if (!plan || !dataset) throw new UserError(`${cliMessages.problemsIn(specPath, problems.length)}\n${formatProblems(problems, terminalWidth(io)).trimEnd()}`);
  return { plan, dataset };
}
