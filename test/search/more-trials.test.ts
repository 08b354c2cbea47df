import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMessages } from '../../src/schedule/messages.js';
import { run } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';

/** Tiny trials: 2 iterations of 10 images, evaluated on 100. */
function searchSpec(trials: number): string {
  return [
    'name: more-trials',
    'data: { train: { split: train, end: 200 }, evaluate: { test: { split: test, end: 100 } } }',
    'training: { iterations: 2, eval_every: 1, batch_size: 10 }',
    'search:',
    `  trials: ${trials}`,
    '  seed: 3',
    '  space:',
    '    training.learning_rate: { loguniform: [1.0e-3, 1.0] }',
    '',
  ].join('\n');
}

describe('raising search.trials', () => {
  it('from 20 to 30 trains only the 10 new trials', async () => {
    const dir = scratchDir('more-trials');
    const spec = join(dir, 'spec.yaml');
    const out = join(dir, 'results');
    writeFileSync(spec, searchSpec(20));
    const first = await run([spec, '--out', out]);
    expect(first.code).toBe(0);
    writeFileSync(spec, searchSpec(30));
    const second = await run([spec, '--out', out]);
    expect(second.code).toBe(0);
    const ids = (n: number) => Array.from({ length: n }, (_, t) => `t${String(t).padStart(3, '0')}`);
    const skipped = ids(30).filter((id) => second.stderr.includes(runMessages.skipped(id, 'completed')));
    const started = ids(30).filter((id) => second.stderr.includes(runMessages.started(id, 2)));
    expect(skipped).toEqual(ids(20));
    expect(started).toEqual(ids(30).slice(20));
  });
});
