// Options the user mistyped or gave twice: one line, exit 2, before any work.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cliMessages as m } from '../../src/cli/messages.js';
import { serveMessages } from '../../src/serve/messages.js';
import { root, run as runBuilt, small } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';

const spec = join(root, 'experiments/lr-comparison.yaml');
const helpOf = (name: string): string => commands.find((c) => c.name === name)!.help;

describe('an unknown option', () => {
  it("is refused with a did-you-mean where an option is close, then the command's help, exit 2", async () => {
    for (const [argv, command, option, suggestion] of [
      [['run', spec, '--froce'], 'run', '--froce', '--force'],
      [['validate', '--max-run', '5', spec], 'validate', '--max-run', '--max-runs'],
      [['predict', 'x', '-x'], 'predict', '-x', null],
      [['export', 'x', '--onxx', 'a.onnx'], 'export', '--onxx', '--onnx'],
    ] as const) {
      const result = await cli([...argv], root);
      expect(result, argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: `run-experiments ${command}: ${m.unknownOption(option, suggestion)}\n\n${helpOf(command)}` });
    }
  });

  it('before the spec is the default command\'s, as after it: run-experiments --force SPEC runs, --froce SPEC is refused as run\'s', async () => {
    const dir = scratchDir('options-first');
    const result = await runBuilt(['--out', join(dir, 'out'), ...small(20)]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out', 'runs')).sort()).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5']);
    const mistyped = await cli(['--froce', spec], root);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr.split('\n')[0]).toBe(`run-experiments: ${m.unknownOption('--froce', '--force')}`);
  });

  it('before a command, is refused with a did-you-mean too', async () => {
    const result = await cli(['--hepl'], root);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`run-experiments: ${m.unknownOption('--hepl', '--help')}`);
  });
});

describe('a value', () => {
  it('missing, given to a flag, or an option where a value should be, is said in one line', async () => {
    for (const [argv, command, message] of [
      [['export', 'x', '--onnx'], 'export', m.optionNeedsValue('--onnx')],
      [['plan', spec, '--json=yes'], 'plan', m.flagTakesNoValue('--json', 'yes')],
      [['serve', '--port', '-1'], 'serve', m.optionValueLooksLikeOption('--port', '-1')],
      [['run', spec, '--out', '--force'], 'run', m.optionValueLooksLikeOption('--out', '--force')],
    ] as const) {
      const result = await cli([...argv], root);
      expect(result, argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: `run-experiments ${command}: ${message}\n\n${helpOf(command)}` });
    }
  });

  it('that begins with a dash is taken when written with =', async () => {
    const dir = scratchDir('dash-value');
    expect(await cli(['serve', dir, '--port=-1'], root)).toEqual({ code: 2, stdout: '', stderr: `run-experiments serve: ${serveMessages.badPort('-1')}\n` });
  });
});

describe('an option that takes one value', () => {
  it('given twice is refused, naming both values, rather than the last being taken silently', async () => {
    const cwd = scratchDir('option-twice');
    for (const [argv, command, option, first, second] of [
      [['run', spec, '--out', 'a', '--out=b'], 'run', '--out', 'a', 'b'],
      [['serve', '--port', '1', '--port', '2'], 'serve', '--port', '1', '2'],
      [['predict', 'x', '--test-index', '0', '--show', 'a.png', '--show', 'b.png'], 'predict', '--show', 'a.png', 'b.png'],
    ] as const) {
      const result = await cli([...argv], cwd);
      expect(result, argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: `run-experiments ${command}: ${m.optionTwice(option, first, second)}\n\n${helpOf(command)}` });
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('is not confused with a repeatable option or a flag given twice', async () => {
    const result = await cli(['validate', spec, '--set', 'training.seed=2', '--set', 'training.seed=3', '--max-runs', '5'], root);
    expect(result).toEqual({ code: 0, stdout: `${m.validOk(spec, 3)}\n`, stderr: '' });
    expect((await cli(['plan', spec, '--json', '--json'], root)).code).toBe(0);
  });
});
