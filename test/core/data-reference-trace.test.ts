import { describe, expect, it } from 'vitest';
import { loadReferenceTrace, REFERENCE_TRACES } from '../fixtures/reference/trace.js';

describe('the NumPy reference traces', () => {
  it('hold one loss per iteration and evaluations every 100 iterations from 0', () => {
    for (const name of REFERENCE_TRACES) {
      const trace = loadReferenceTrace(name);
      expect(trace.losses.length).toBe(trace.iters);
      expect(trace.evals.map((e) => e.iteration)).toEqual(
        Array.from({ length: Math.ceil(trace.iters / 100) }, (_, i) => i * 100),
      );
    }
  });

  it('show lr 0.5 learning (test accuracy above 0.85 by iteration 200) and lr 1.5 not (below 0.2)', () => {
    expect(loadReferenceTrace('lr0.5-seed7-iters300').evals[2].test_accuracy).toBeGreaterThan(0.85);
    expect(loadReferenceTrace('lr0.5-seed2024-iters300').evals[2].test_accuracy).toBeGreaterThan(0.85);
    expect(loadReferenceTrace('lr1.5-seed7-iters60').evals[0].test_accuracy).toBeLessThan(0.2);
  });
});
