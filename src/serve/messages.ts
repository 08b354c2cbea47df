/** Every message `serve` shows, in the terminal or on its pages, written once; tests assert through these. */
export const serveMessages = {
  // The command line.
  listening: (dir: string, url: string) => `serving ${dir} at ${url} (loopback only; Ctrl-C stops)`,
  /** `dangling`: core/read-file.ts's words for a symbolic link to nothing, when `dir` is one. */
  noResultsDir: (dir: string, dangling: string | null = null) =>
    `results folder ${dir} ${dangling === null ? 'does not exist' : `is ${dangling}`} (run an experiment first, or name the folder: run-experiments serve results)`,
  notAFolder: (dir: string) => `${dir} is not a folder (expected a results folder, e.g. results)`,
  tooManyDirs: (got: number) => `expected at most one results folder, got ${got}`,
  badPort: (got: string) => `--port: expected a whole number from 0 to 65535 (0 picks a free port), got '${got}'`,
  portInUse: (port: number) => `cannot listen on 127.0.0.1:${port}: the port is in use (give another with --port N, or --port 0 for any free one)`,
  cannotListen: (port: number, reason: string) => `cannot listen on 127.0.0.1:${port}: ${reason}`,
  // HTTP answers.
  notFound: 'not found',
  noSuchExperiment: (id: string) => `no experiment '${id}' in this results folder`,
  noSuchRun: (experiment: string, run: string) => `no run '${run}' in experiment '${experiment}'`,
  noModel: (run: string, status: string) => `run '${run}' has no model to draw with (its status is ${status}; completed runs save one)`,
  modelLeftOut: (run: string) =>
    `run '${run}' has no model here: a results folder commits only the models of the runs its report draws up close (delete the run's folder and run the spec again to get this one)`,
  drawingTooLarge: (max: number) => `the drawing is larger than ${max} bytes`,
  methodNotAllowed: 'method not allowed',
  internalErrorPage: 'internal error (the terminal running serve says why)',
  internalError: (method: string, url: string, reason: string) => `serve: ${method} ${url} failed: ${reason}`,
  // Words on the pages.
  statusRunning: 'running',
  statusComplete: 'complete',
  statusIncomplete: 'incomplete (stopped before its report)',
  damaged: (reason: string) => `damaged: ${reason}`,
} as const;
