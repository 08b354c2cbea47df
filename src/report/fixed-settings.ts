/**
 * The settings every run of an experiment shares, for the results README: the spec's
 * data, model and training sections with the varied keys taken out, and the optimizer
 * settings no run's optimizer reads (momentum and beta for plain SGD) left out too.
 */
import type { OptimizerName, TrainingSpec } from '../spec/types.js';
import type { ReportInput } from './report-input.js';

/** The training settings each optimizer reads besides the learning rate (see core/optimizers.ts). */
export const OPTIMIZER_READS: Record<OptimizerName, (keyof TrainingSpec)[]> = {
  sgd: [],
  momentum: ['momentum'],
  adagrad: [],
  adam: ['beta1', 'beta2'],
};

const OPTIMIZER_ONLY = new Set(Object.values(OPTIMIZER_READS).flat());

export function fixedSettings(input: ReportInput): Record<string, unknown> {
  const { data, model, training } = structuredClone(input.spec);
  const fixed: Record<string, unknown> = { data, model, training };
  for (const key of input.varying) {
    const path = key.split('.');
    const last = path.pop()!;
    let node: unknown = fixed;
    for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[last];
  }
  if (input.varying.includes('repeat')) delete (training as Partial<typeof training>).seed;
  // a spec that counts epochs gives no iterations of its own: the default would read as a setting
  if (training.epochs !== undefined) delete (training as Partial<typeof training>).iterations;
  const used = new Set(input.results.map((r) => r.run.config.training.optimizer));
  if (used.size === 0) used.add(input.spec.training.optimizer);
  const read = new Set([...used].flatMap((name) => OPTIMIZER_READS[name] ?? []));
  for (const key of OPTIMIZER_ONLY) if (!read.has(key)) delete (training as Partial<typeof training>)[key];
  return fixed;
}
