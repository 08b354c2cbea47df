import type { RunResult } from '../results/types.js';
import type { PlannedRun } from '../spec/types.js';

/** A run that did not end: stopped before or while it trained. */
export function interruptedResult(run: PlannedRun): RunResult {
  return { run, status: 'interrupted', losses: [], evaluations: [], divergedAt: null, error: null };
}
