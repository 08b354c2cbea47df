// `run-experiments plan SPEC | head -1`: a reader that goes away is not a crash.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/command-line.js';

/** Runs the built CLI with its stdout a pipe whose reading end is closed before it starts writing. */
function withStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('output to a pipe whose reader has gone', () => {
  it('is dropped: the command ends with its own exit code and no stack trace', async () => {
    for (const [args, code] of [[['plan', 'experiments/hyperparameter-search.yaml'], 0], [['--help'], 0], [['validate', 'experiments/lr-comparison.yaml'], 0]] as const) {
      const done = await withStdoutClosed([...args]);
      expect(done.stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(done.code, args.join(' ')).toBe(code);
    }
  });
});
