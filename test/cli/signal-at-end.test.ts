/**
 * A signal that comes while a command computes synchronously to its end (predict reading a
 * model and classifying, export writing ONNX, validate checking a spec) exits 130 with the
 * line every early signal gives, rather than being lost (exit 0). A test hook holds each
 * command at its end, computing, until the test has sent the signal: no sleeps.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliMessages } from '../../src/cli/messages.js';
import { root, small, start } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = scratchDir('signal-at-end');
const run = join(root, 'results/lr-comparison/runs/lr-0.5');

const commands: [string, string[]][] = [
  ['validate', ['validate', 'experiments/lr-comparison.yaml']],
  ['plan', ['plan', 'experiments/lr-comparison.yaml']],
  ['predict', ['predict', run, 'test/fixtures/digits/three.jpg', '--test-index', '0..9']],
  ['export', ['export', run, '--onnx', join(scratch, 'lr-0.5.onnx')]],
  ['--help', ['--help']],
];

describe('a signal while a command computes to its end', () => {
  for (const [name, args] of commands) {
    it(`exits 130 with '${cliMessages.interrupted}' for ${name}`, async () => {
      const release = join(scratch, `release-${name}`);
      const running = start(args, { RUN_EXPERIMENTS_TEST_HOLD_END: release });
      await running.waitFor(/^test hook: holding at the end/);
      running.child.kill('SIGTERM');
      writeFileSync(release, '');
      const done = await running.done;
      expect(done.signal).toBeNull();
      expect(done.code, done.stderr).toBe(130);
      expect(done.stderr.trimEnd().split('\n').at(-1)).toBe(`run-experiments: ${cliMessages.interrupted}`);
    });
  }

  it('exits as it would without a signal when none comes', async () => {
    const release = join(scratch, 'release-none');
    writeFileSync(release, '');
    const done = await start(['validate', 'experiments/lr-comparison.yaml'], { RUN_EXPERIMENTS_TEST_HOLD_END: release }).done;
    expect(done.code).toBe(0);
    expect(done.stderr).not.toContain(cliMessages.interrupted);
  });
});

describe('a signal while run loads the spec, before it claims the signals', () => {
  it('exits 130 with the same line, and writes nothing', async () => {
    const dir = join(scratch, 'out');
    const running = start([...small(), '--out', dir], { RUN_EXPERIMENTS_TEST_SIGNALS: '1' });
    await running.waitFor(/signal handlers installed/);
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code).toBe(130);
    expect(done.stderr.trimEnd().split('\n').at(-1)).toBe(`run-experiments: ${cliMessages.interrupted}`);
    expect(existsSync(dir)).toBe(false);
  });
});
