/** A run's progress as a worker posts it on its job (job.updateProgress), and the coordinator reads it. */
import type { Evaluation } from '../results/types.js';

export type JobProgress =
  | { kind: 'started'; iterations: number }
  | { kind: 'progress'; iteration: number; loss: number }
  | { kind: 'evaluated'; evaluation: Evaluation };

export function isProgress(value: unknown): value is JobProgress {
  const p = value as Partial<Record<string, unknown>> | null;
  if (typeof p !== 'object' || p === null) return false;
  if (p.kind === 'started') return Number.isInteger(p.iterations);
  if (p.kind === 'progress') return Number.isInteger(p.iteration) && typeof p.loss === 'number';
  if (p.kind === 'evaluated') {
    const e = p.evaluation as Partial<Evaluation> | null;
    return typeof e === 'object' && e !== null && typeof e.accuracy === 'object' && e.accuracy !== null;
  }
  return false;
}
