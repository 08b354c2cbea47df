/** Every message about checkpoints and successive halving, written once, asserted by the tests. */

export const checkpointMessages = {
  notACheckpoint: 'not a checkpoint file',
  otherFormat: (format: unknown) => `a checkpoint of format ${String(format)}, this version reads format 1`,
  otherConfig: 'it was saved by a run of another config',
  damaged: 'it does not match its recorded sha256 or sizes (damaged or cut short)',
  unreadable: (code: string) => `it cannot be read (${code})`,
  /** Printed when a checkpoint is there but unusable: the run trains from iteration 0 instead. */
  notUsed: (id: string, path: string, reason: string) => `${id}: checkpoint ${path} not used: ${reason}; training from iteration 0`,
  /** Printed when a run goes on from its checkpoint. */
  resuming: (id: string, iteration: number) => `${id}: continuing from its checkpoint after iteration ${iteration - 1}`,
  /** A run's detail when successive halving stops it at a rung. */
  prunedDetail: (rung: number, metric: string, score: number | null, rank: number, of: number, going: number) =>
    `pruned at iteration ${rung}: ${metric} ${score === null ? 'none' : score.toFixed(4)}, ranked ${rank} of ${of} (the best ${going} go on)`,
  /** Cached runs ended `pruned` in a spec without a schedule: trained in full. */
  prunedWithoutSchedule: 'it was pruned by successive halving, and this spec has no search.schedule',
} as const;
