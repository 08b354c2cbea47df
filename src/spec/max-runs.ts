/** The largest number of runs a spec may expand to unless `maxRuns` raises it; apart from load.ts so the help loads no parser. */
export const DEFAULT_MAX_RUNS = 1000;
