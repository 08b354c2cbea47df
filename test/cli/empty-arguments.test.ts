// An empty argument ('' from an unset shell variable) is refused by name, not read as the current folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cliMessages as m } from '../../src/cli/messages.js';
import { root } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';

const run = join(root, 'results/lr-comparison/runs/lr-0.5');
const spec = join(root, 'experiments/lr-comparison.yaml');

describe('an empty argument', () => {
  const cases: [string[], string, string][] = [
    [['validate', ''], 'validate', m.emptyArgument(1, 'SPEC')],
    [['validate', spec, ''], 'validate', m.emptyArgument(2, 'SPEC')],
    [[''], 'run', m.emptyArgument(1, 'SPEC')],
    [['run', ''], 'run', m.emptyArgument(1, 'SPEC')],
    [['plan', ''], 'plan', m.emptyArgument(1, 'SPEC')],
    [['plan', spec, ''], 'plan', m.emptyArgument(2, null)],
    [['predict', '', 'x.png'], 'predict', m.emptyArgument(1, 'RUN_DIR')],
    [['predict', run, 'a.png', ''], 'predict', m.emptyArgument(3, 'IMAGE')],
    [['export', '', '--onnx', 'x.onnx'], 'export', m.emptyArgument(1, 'RUN_DIR')],
    [['report', ''], 'report', m.emptyArgument(1, 'DIR')],
    [['compare', join(root, 'results/lr-comparison'), '', '--out', 'x'], 'compare', m.emptyArgument(2, 'SOURCE')],
    [['serve', ''], 'serve', m.emptyArgument(1, 'RESULTS_DIR')],
  ];
  for (const [argv, command, message] of cases) {
    it(`is refused by position and name, exit 2, nothing written: ${JSON.stringify(argv)}`, async () => {
      const cwd = scratchDir('empty-argument');
      expect(await cli(argv, cwd)).toEqual({ code: 2, stdout: '', stderr: `run-experiments ${command}: ${message}\n` });
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  it('is refused as an option value, with the option named, in either spelling', async () => {
    const cases: [string[], string, string][] = [
      [['run', spec, '--out', ''], 'run', 'out'],
      [['run', spec, '--out='], 'run', 'out'],
      [['validate', spec, '--set', 'training.seed=2', '--set', ''], 'validate', 'set'],
      [['export', run, '--onnx='], 'export', 'onnx'],
      [['predict', run, '--test-index', '0', '--show', ''], 'predict', 'show'],
      [['compare', join(root, 'results/lr-comparison'), '--out', ''], 'compare', 'out'],
      [['worker', '--queue', '', '--concurrency', '1'], 'worker', 'queue'],
    ];
    for (const [argv, command, option] of cases) {
      const cwd = scratchDir('empty-option');
      expect(await cli(argv, cwd), JSON.stringify(argv)).toEqual({ code: 2, stdout: '', stderr: `run-experiments ${command}: ${m.emptyOption(option)}\n` });
      expect(readdirSync(cwd)).toEqual([]);
    }
  });
});

describe("each command's positionals", () => {
  it('are named as its usage line names them', () => {
    for (const command of commands) {
      const usage = command.help.split('\n')[0];
      for (const name of command.positionals) expect(usage, command.name).toContain(name);
    }
  });
});
