// The command line's own surface: command words, --version, the Ctrl-C hint after --force,
// report on a file, and the README agreeing with --help (issue 11, items 16 and 22).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { MAX_CONCURRENCY } from '../../src/cli/commands/options.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { predictCommand } from '../../src/cli/commands/predict.js';
import { commandWords } from '../../src/cli/help.js';
import { cliMessages } from '../../src/cli/messages.js';
import { reportMessages } from '../../src/report/messages.js';
import { runMessages } from '../../src/schedule/messages.js';
import { root, small, start } from '../helpers/command-line.js';
import { cli } from '../spec/fake-io.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = scratchDir('cli-surface');
const names = commandWords(commands);

describe('the first argument', () => {
  it("says 'unknown command' for a word that names no file, lists the commands and exits 2", async () => {
    for (const [word, suggestion] of [['status', null], ['valdiate', 'validate'], ['help-me', null], ['exprot', 'export']] as const) {
      const result = await cli([word], root);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(`run-experiments: ${cliMessages.unknownCommand(word, names, suggestion)}`);
      for (const name of names) expect(result.stderr).toContain(name);
    }
  });

  it('still reads a path or a .yaml name as a spec to run', async () => {
    for (const spec of ['missing.yaml', 'nowhere/spec', 'x.yml']) {
      const result = await cli([spec], scratch);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^run-experiments run: /);
    }
  });

  it('reads an existing file as a spec, even when its name looks like a word', async () => {
    const result = await cli(['package.json'], root);
    expect(result.stderr).toMatch(/^run-experiments run: /);
    expect(result.stderr).not.toContain('unknown command');
  });

  it('prints the version from package.json with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'], scratch)).toEqual({ code: 0, stdout: `run-experiments ${version}\n`, stderr: '' });
  });
});

describe('help', () => {
  it("prints what COMMAND --help prints for 'help COMMAND', for every command, exit 0", async () => {
    for (const command of commands) {
      const viaHelp = await cli(['help', command.name], scratch);
      expect(viaHelp).toEqual({ code: 0, stdout: command.help, stderr: '' });
      expect(await cli([command.name, '--help'], scratch)).toEqual(viaHelp);
    }
  });

  it('prints the top-level help alone or for help itself, listing help among the commands', async () => {
    const top = await cli(['--help'], scratch);
    for (const argv of [['help'], ['help', 'help'], ['help', '--help']]) expect(await cli(argv, scratch)).toEqual(top);
    expect(top.stdout).toMatch(/^ {2}help {6}\S/m);
    for (const command of commands) expect(top.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()`]/g, '.')}$`, 'm'));
  });

  it('refuses a command that is not one, with a did-you-mean where one is close, exit 2', async () => {
    for (const [word, suggestion] of [['nosuch', null], ['valdate', 'validate'], ['serv', 'serve']] as const) {
      const result = await cli(['help', word], scratch);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(`run-experiments help: ${cliMessages.helpUnknown(word, names, suggestion)}`);
    }
    const two = await cli(['help', 'run', 'plan'], scratch);
    expect(two.code).toBe(2);
    expect(two.stderr.split('\n')[0]).toBe(`run-experiments help: ${cliMessages.helpTakesOne(2)}`);
  });
});

describe('--concurrency', () => {
  it('refuses a number of worker threads past the limit before loading the spec, exit 2, in one line', async () => {
    for (const value of ['100000', '0', 'abc']) {
      const result = await cli(['run', 'experiments/lr-comparison.yaml', '--concurrency', value], root);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments run: ${runMessages.concurrencyInvalid(value, MAX_CONCURRENCY)}\n` });
    }
    const worker = await cli(['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '100000'], root);
    expect(worker).toEqual({ code: 2, stdout: '', stderr: `run-experiments worker: ${runMessages.concurrencyInvalid('100000', MAX_CONCURRENCY)}\n` });
  });
});

describe('report on a file', () => {
  it('says the path is a file, not a results folder', async () => {
    const result = await cli(['report', 'README.md'], root);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments report: ${reportMessages.reportNotADir(join(root, 'README.md'))}\n` });
    expect(result.stderr).toContain('is a file');
  });
});

describe('the Ctrl-C hint', () => {
  it('tells a user who gave --force to run again without it', async () => {
    const running = start([...small(200000), '--force', '--concurrency', '1', '--out', join(scratch, 'forced')]);
    await running.waitFor(/started/);
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toContain(runMessages.interruptedSummary(0, 3, true));
    expect(stopped.stdout).toContain('without --force');
  });
});

describe('the README', () => {
  const readme = (): string => readFileSync(join(root, 'README.md'), 'utf8');

  it('compares, in its example and in --help, runs whose results are committed', () => {
    const examples = [readme(), compareCommand.help].map((text) => /run-experiments compare ((?:results\/\S+ )+)--out/.exec(text)?.[1]);
    for (const sources of examples) {
      expect(sources).toBeDefined();
      for (const source of sources!.trim().split(' ')) {
        const [dir, run] = source.split(':');
        expect(existsSync(join(root, dir, 'runs', run, 'config.json')), source).toBe(true);
      }
    }
  });

  it("reads the digit fixtures with a predict example whose names match the six images and nothing else (the folder's README.md too)", () => {
    const args = /run-experiments predict results\/convnet\/runs\/convnet ([^`]+)`/.exec(readme())![1].split(' ');
    const matched = args.flatMap((arg) => {
      const name = new RegExp(`^${basename(arg).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
      return readdirSync(join(root, dirname(arg))).filter((file) => name.test(file));
    });
    expect(matched).toHaveLength(6);
    for (const file of matched) expect(file).toMatch(/\.(png|jpe?g)$/);
  });

  it('gives the range of --test-index that --help gives', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const helpRange = /(\d+\.\.\d+)\)/.exec(predictCommand.help.split('--test-index')[1]);
    expect(helpRange?.[1]).toBe('0..9999');
    expect(readme).toContain(`\`--test-index N\` (${helpRange![1]}`);
  });
});
