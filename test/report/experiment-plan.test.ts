import { describe, expect, it } from 'vitest';
import { planOf } from '../../src/report/experiment-plan.js';
import type { ExperimentFile } from '../../src/report/experiment-file.js';
import { reportMessages } from '../../src/report/messages.js';
import { asPlanned, seedLikeResults } from './fixtures.js';

describe('planOf', () => {
  it('refuses a spec that plans more runs than listed and than a spec may by default by their count, before planning them', () => {
    const { plan } = asPlanned(seedLikeResults());
    const runs = plan.runs.map((r) => ({ id: r.id, hash: r.hash }));
    const file: ExperimentFile = { format: 1, spec: { ...plan.spec, repeat: 400 }, varying: plan.varying, runs };
    const planned = runs.length * 400;
    expect(planOf(file)).toEqual({ problem: reportMessages.planRunCount(runs.length, planned) });
  });

  it('plans a spec whose count is within what is listed or the default limit', () => {
    const { plan } = asPlanned(seedLikeResults());
    const file: ExperimentFile = { format: 1, spec: plan.spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) };
    expect(planOf(file)).toEqual(plan);
  });
});
