import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/spec/types.js';
import { specMessages } from '../../src/spec/messages.js';
import { cli } from '../spec/fake-io.js';
import { cliMessages } from '../../src/cli/messages.js';

const root = new URL('../..', import.meta.url).pathname;

describe('plan', () => {
  it('lists the seed experiment\'s three runs with stable ids', async () => {
    const result = await cli(['plan', 'experiments/lr-comparison.yaml'], root);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['id', 'hash', 'training.learning_rate', 'network']);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5']);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[2])).toEqual(['0.5', '1.2', '1.5']);
    expect(lines.slice(1).map((line) => line.split(/  +/)[3])).toEqual(Array(3).fill('affine 50, relu, affine 10; 39,760 parameters'));
  });

  it('shows each run\'s network, the shapes its convolution and pooling give, and its parameters', async () => {
    const result = await cli(['plan', 'experiments/convnet.yaml'], root);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.split(/  +/))).toEqual([
      ['id', 'hash', 'model', 'network'],
      ['mlp', expect.stringMatching(/^[0-9a-f]{12}$/), 'mlp', 'affine 50, relu, affine 10; 39,760 parameters'],
      [
        'convnet',
        expect.stringMatching(/^[0-9a-f]{12}$/),
        'convnet',
        // 30 x 5 x 5 + 30, 30 x 12 x 12 x 100 + 100, 100 x 10 + 10
        'conv 30@5x5 -> 30x24x24, relu, pool 2x2 -> 30x12x12, affine 100, relu, affine 10; 433,890 parameters',
      ],
    ]);
  });

  it('prints the full resolved configs with --json', async () => {
    const result = await cli(['plan', 'experiments/lr-comparison.yaml', '--json'], root);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(plan.runs.map((r) => r.config.training.learning_rate)).toEqual([0.5, 1.2, 1.5]);
    expect(plan.runs[0].config).toMatchObject({ experiment: 'lr-comparison', data: { train: { end: 10000 } } });
  });

  it('changes every run\'s config and hash with --set, keeping the ids', async () => {
    const plain = JSON.parse((await cli(['plan', 'experiments/lr-comparison.yaml', '--json'], root)).stdout) as Plan;
    const set = JSON.parse(
      (await cli(['plan', 'experiments/lr-comparison.yaml', '--json', '--set', 'training.iterations=100'], root)).stdout,
    ) as Plan;
    expect(set.runs.map((r) => r.config.training.iterations)).toEqual([100, 100, 100]);
    expect(set.runs.map((r) => r.id)).toEqual(plain.runs.map((r) => r.id));
    set.runs.forEach((run, i) => expect(run.hash).not.toBe(plain.runs[i].hash));
  });

  it('refuses a spec with problems, listing them all, with exit code 2', async () => {
    const result = await cli(
      ['plan', 'experiments/lr-comparison.yaml', '--set', 'training.iterations=0', '--set', 'repeat=x'],
      root,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(cliMessages.problemsIn('experiments/lr-comparison.yaml', 2));
    expect(result.stderr).toContain(`--set:1:21: ${specMessages.outOfRange('training.iterations', 'an integer', '>=', 1, 0)}`);
    expect(result.stderr).toContain(`--set:1:8: ${specMessages.expectedType('repeat', ['integer'], 'x')}`);
  });

  it('wants exactly one spec, and a whole number for --max-runs', async () => {
    expect((await cli(['plan'], root)).stderr).toContain(cliMessages.specMissing('plan'));
    expect((await cli(['plan', 'a.yaml', 'b.yaml'], root)).stderr).toContain(cliMessages.tooManySpecs('plan', 2));
    const badMax = await cli(['plan', 'experiments/lr-comparison.yaml', '--max-runs', 'lots'], root);
    expect(badMax).toMatchObject({ code: 2, stderr: `run-experiments plan: ${cliMessages.maxRunsInvalid('lots')}\n` });
  });

  it('prints its help with --help', async () => {
    const result = await cli(['plan', '--help'], root);
    expect(result.stdout).toMatch(/^Usage: run-experiments plan SPEC/);
    expect(result.stdout).toContain('--set KEY=VALUE');
  });
});
