/**
 * The public surface in one go: the installed command itself (its shebang and executable
 * bit, as `npx run-experiments` runs it) trains a tiny experiment and writes its report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/folders.js';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['run-experiments']);

describe('run-experiments, as installed', () => {
  it('runs a tiny experiment from the command line and writes its report', () => {
    const out = scratchDir('smoke');
    const stdout = execFileSync(bin, [
      'experiments/lr-comparison.yaml', '--out', out,
      '--set', 'training.iterations=50', '--set', 'data.evaluate.train.end=500', '--set', 'data.evaluate.test.end=500',
    ], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(stdout).toMatch(/^lr-0\.5\s+completed/m);
    for (const file of ['README.md', 'runs.csv', 'charts/loss.svg', 'charts/accuracy.svg', 'runs/lr-0.5/metrics.csv']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
  });
});
