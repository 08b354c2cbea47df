// Specs built to hang, exhaust memory or crash the loader: each is refused with one located
// message, exit 2, no stack trace and nothing written (issue 11, items 8, 10, 11 and 14).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileMessages } from '../../src/core/read-file.js';
import { MAX_SPEC_BYTES } from '../../src/spec/load.js';
import { countText, specMessages, sizeText } from '../../src/spec/messages.js';
import { MAX_NESTING } from '../../src/spec/nesting.js';
import { cutLine, formatProblems, problemAt } from '../../src/spec/problem.js';
import { lastDuplicate } from '../../src/spec/unique-items.js';
import { cli, tempFolder, yaml } from './fake-io.js';
import { cliMessages } from '../../src/cli/messages.js';

let folder: ReturnType<typeof tempFolder> | undefined;
afterEach(() => folder?.remove());

/** Validates spec.yaml (or the path given) in a temp folder; checks it wrote nothing and printed no stack. */
async function validate(files: Record<string, string>, ...args: string[]) {
  folder = tempFolder(files);
  const before = folder.files();
  const result = await cli(['validate', ...(args.length ? args : ['spec.yaml'])], folder.dir);
  expect(folder.files()).toEqual(before);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(result.code).toBe(2);
  return result;
}

const located = (stderr: string): string[] => stderr.split('\n').filter((line) => /^\S+:\d+:\d+: /.test(line));

describe('files that are not spec files', () => {
  it('refuses /dev/zero at once instead of reading it forever', async () => {
    const result = await validate({}, '/dev/zero');
    expect(located(result.stderr)).toEqual([`/dev/zero:1:1: ${specMessages.cannotRead(readFileMessages.notRegular('a character device'))}`]);
  });

  it('refuses a FIFO without opening it for a read that would block', async () => {
    folder = tempFolder({});
    execFileSync('mkfifo', [join(folder.dir, 'pipe.yaml')]);
    const result = await cli(['validate', 'pipe.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(located(result.stderr)).toEqual([`pipe.yaml:1:1: ${specMessages.cannotRead(readFileMessages.notRegular('a FIFO'))}`]);
  });

  it('refuses a spec saved as UTF-16 (NUL bytes) in one line, rather than a page of \\u0000', async () => {
    folder = tempFolder({});
    writeFileSync(join(folder.dir, 'wide.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\ntraining: { iterations: 5 }\n', 'utf16le')]));
    const result = await cli(['validate', 'wide.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`wide.yaml:1:1: ${specMessages.notUtf8()}\n${cliMessages.problemsIn('wide.yaml', 1)}\n`);
  });

  it('refuses a folder and a spec larger than the cap, saying which', async () => {
    const big = `name: x\ndescription: "${'x'.repeat(MAX_SPEC_BYTES)}"\n`;
    const result = await validate({ 'big.yaml': big }, 'big.yaml', '.');
    expect(located(result.stderr)).toEqual([
      `big.yaml:1:1: ${specMessages.cannotRead(readFileMessages.tooLarge(big.length, MAX_SPEC_BYTES, 'a spec file'))}`,
      `.:1:1: ${specMessages.cannotRead(readFileMessages.notRegular('a folder'))}`,
    ]);
  });
});

describe('grids too large to expand', () => {
  it('refuses a list of 80,000 values by its run count, before checking or expanding a value', async () => {
    const values = Array.from({ length: 80_000 }, (_, i) => i).join(', ');
    const result = await validate({ 'spec.yaml': yaml('name: x', 'grid:', `  model.hidden: [${values}]`) });
    // every value is wrong (a number, not a list of widths), yet only the count is reported: none was looked at
    expect(located(result.stderr)).toEqual([`spec.yaml:2:1: ${specMessages.tooManyRuns(80_000, 1000)}`]);
  });

  it('counts the product of the lists times repeat', async () => {
    const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;
    const spec = yaml('name: x', 'repeat: 3', 'grid:', `  training.seed: ${list(20)}`, `  training.batch_size: ${list(20)}`);
    const result = await validate({ 'spec.yaml': spec });
    expect(located(result.stderr)).toEqual([`spec.yaml:3:1: ${specMessages.tooManyRuns(1200, 1000)}`]);
  });

  it('finds the repeated grid value Ajv found, in one pass', () => {
    expect(lastDuplicate([1, 2, 3])).toBeNull();
    expect(lastDuplicate([1, 2, 1, 3, 2])).toEqual({ i: 4, j: 1 });
    expect(lastDuplicate([{ a: 1, b: [2] }, { b: [2], a: 1 }])).toEqual({ i: 1, j: 0 });
    expect(lastDuplicate([null, Number.NaN, '1', 1, true, 'true'])).toBeNull();
    expect(lastDuplicate([0, -0])).toEqual({ i: 1, j: 0 });
  });
});

describe('deep nesting and long lines', () => {
  it('refuses YAML nested 100,000 deep in plain words, the quoted line cut to 80 columns', async () => {
    const depth = 100_000;
    const result = await validate({ 'spec.yaml': `name: x\nmodel: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    const lines = result.stderr.split('\n');
    // the top-level mapping is level 1, so the 64th '[' (at column 7 + 64) opens level 65
    expect(lines[0]).toBe(`spec.yaml:2:${7 + MAX_NESTING}: ${specMessages.tooDeep(MAX_NESTING)}`);
    expect(result.stderr).not.toMatch(/call stack/i);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(Math.max(80, lines[0].length));
    expect(lines[1]).toMatch(/^ {4}model: \[+…$/);
    expect(lines[1].length).toBe(80);
  });

  it('refuses a deeply nested --set value at its position in the argument', async () => {
    const value = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    const result = await validate({ 'spec.yaml': 'name: x\n' }, 'spec.yaml', '--set', `model.hidden=${value}`);
    expect(located(result.stderr)).toEqual([`--set:1:${'model.hidden='.length + MAX_NESTING + 1}: ${specMessages.tooDeep(MAX_NESTING)}`]);
  });

  it('accepts the nesting a spec needs', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'data: { train: { split: train, end: 100 } }', 'grid: { model.hidden: [[10, 10], [20]] }') });
    expect((await cli(['validate', 'spec.yaml'], folder.dir)).code).toBe(0);
  });

  it('cuts a quoted line around the column, with an ellipsis where text was left out', () => {
    const line = `${'a'.repeat(100)}X${'b'.repeat(100)}`;
    const { text, caret } = cutLine(line, 101, 40);
    expect(text.length).toBe(40);
    expect(text.startsWith('…') && text.endsWith('…')).toBe(true);
    expect(text[caret]).toBe('X');
    expect(cutLine('short', 3, 40)).toEqual({ text: 'short', caret: 2 });
    const start = cutLine(line, 1, 40);
    expect(start.text).toBe(`${'a'.repeat(39)}…`);
    expect(start.caret).toBe(0);
    const printed = formatProblems([problemAt('f.yaml', line, 1, 101, 'bad')], 60).split('\n');
    expect(printed[1].length).toBe(60);
    expect(printed[1][printed[2].indexOf('^')]).toBe('X');
  });
});

describe('budgets (limits)', () => {
  it('refuses hidden: [100000, 100000] at the value, with the parameters and bytes it would take', async () => {
    const result = await validate({ 'spec.yaml': yaml('name: x', 'model: { hidden: [100000, 100000] }') });
    const count = 784 * 100000 + 100000 + 100000 * 100000 + 100000 + 100000 * 10 + 10;
    expect(located(result.stderr)).toEqual([`spec.yaml:2:18: ${specMessages.tooManyParameters('model.hidden', count, count * 4, 'float32', 5_000_000)}`]);
    expect(located(result.stderr)[0]).toContain('1.0e10 parameters (40.3 GB in float32)');
  });

  it('refuses hidden: [100000] written as a grid value, at that value', async () => {
    const result = await validate({ 'spec.yaml': yaml('name: x', 'grid:', '  model.hidden: [[50], [100000]]') });
    const count = 784 * 100000 + 100000 + 100000 * 10 + 10;
    expect(located(result.stderr)).toEqual([`spec.yaml:3:24: ${specMessages.tooManyParameters('model.hidden', count, count * 4, 'float32', 5_000_000)}`]);
  });

  it('refuses iterations: 1e12 by the schema maximum', async () => {
    const result = await validate({ 'spec.yaml': yaml('name: x', 'training: { iterations: 1000000000000 }') });
    expect(located(result.stderr)).toEqual([`spec.yaml:2:25: ${specMessages.outOfRange('training.iterations', 'an integer', '<=', 10_000_000, 1e12)}`]);
  });

  it('refuses a batch whose activations exceed the memory budget, at the batch size', async () => {
    const result = await validate({ 'spec.yaml': yaml('name: x', 'model: { hidden: [5000] }', 'training: { batch_size: 60000 }') });
    const bytes = 4 * (4 * (784 * 5000 + 5000 + 5000 * 10 + 10) + 60000 * (784 + 2 * 5000 + 2 * 5000 + 5000 + 2 * 10));
    expect(located(result.stderr)).toEqual([`spec.yaml:3:25: ${specMessages.tooMuchMemory('training.batch_size', bytes, 2048)}`]);
  });

  it('lets limits raise the budgets, from the file or --set', async () => {
    folder = tempFolder({ 'spec.yaml': yaml('name: x', 'model: { hidden: [30000] }', 'limits: { max_parameters: 30000000 }') });
    expect((await cli(['validate', 'spec.yaml'], folder.dir)).code).toBe(0);
    const lowered = await cli(['validate', 'spec.yaml', '--set', 'limits.max_parameters=1000'], folder.dir);
    expect(lowered.code).toBe(2);
  });

  it('writes counts and sizes as people read them', () => {
    expect(countText(39760)).toBe('39,760');
    expect(countText(7.94e10)).toBe('7.9e10');
    expect(sizeText(3.176e11)).toBe('318 GB');
    expect(sizeText(512)).toBe('512 bytes');
  });
});
