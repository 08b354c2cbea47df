/** How a problem quotes its line and points at its column, and the order problems are printed in. */
import { describe, expect, it } from 'vitest';
import { cutLine, DEFAULT_WIDTH, formatProblems, problemAt, problemOnLine, sortProblems } from '../../src/spec/problem.js';

const ALPHABET = 'abcdefghijklmnop'; // 16 characters

describe('a problem', () => {
  it("quotes its line of the text, CRLF or LF, and puts the caret under its 1-based column", () => {
    expect(problemAt('f.yaml', 'a: 1\r\nbb: 2\r\n', 2, 3, 'm')).toEqual({ file: 'f.yaml', line: 2, col: 3, message: 'm', source: 'bb: 2', caret: '  ^' });
    expect(problemAt('f.yaml', 'a: 1\n', 7, 1, 'm').source).toBe('');
  });

  it('shows a tab as one space, so the caret stays under its column, and drops the line break', () => {
    expect(problemOnLine('f', '\tx: 1\n', 1, 2, 'm')).toMatchObject({ source: ' x: 1', caret: ' ^' });
    expect(problemOnLine('f', 'x', 1, 0, 'm').caret).toBe('^');
  });
});

describe('a quoted line too wide to print', () => {
  it('is printed whole when it fits, and cut at the end when the column is near its start', () => {
    expect(cutLine(ALPHABET, 3, 16)).toEqual({ text: ALPHABET, caret: 2 });
    expect(cutLine(ALPHABET, 1, 3)).toEqual({ text: 'abcdefg…', caret: 0 }); // never narrower than 8
    expect(cutLine(ALPHABET, 7, 8)).toEqual({ text: 'abcdefg…', caret: 6 });
  });

  it('is cut at the start when the column is near its end, the caret staying on its character', () => {
    const end = cutLine(ALPHABET, 16, 8);
    expect(end).toEqual({ text: '…jklmnop', caret: 7 });
    expect(end.text[end.caret]).toBe('p');
    expect(cutLine(ALPHABET, 10, 8)).toEqual({ text: '…jklmnop', caret: 1 });
    // a column past the end of the line points just after its last character, no further
    expect(cutLine(ALPHABET, 40, 8).caret).toBe(8);
    expect(cutLine('abc', 12, 8)).toEqual({ text: '…abc', caret: 8 });
  });

  it('is cut at both ends around a column in its middle', () => {
    const middle = cutLine(ALPHABET, 9, 8);
    expect(middle).toEqual({ text: '…fghijk…', caret: 4 });
    expect(middle.text[middle.caret]).toBe('i');
    const wider = cutLine(`${ALPHABET}${ALPHABET}`, 10, 10);
    expect(wider).toEqual({ text: '…fghijklm…', caret: 5 });
    expect(wider.text[wider.caret]).toBe('j');
  });
});

describe('problems printed', () => {
  it('name the file alone, without a quoted line, for a problem with the file as a whole', () => {
    expect(formatProblems([problemAt('gone.yaml', '', 1, 1, 'cannot read')])).toBe('gone.yaml:1:1: cannot read\n');
  });

  it('quote the line, even an empty one, when the problem is at a column past the first', () => {
    expect(formatProblems([problemAt('f.yaml', '', 1, 3, 'm')])).toBe('f.yaml:1:3: m\n    \n      ^\n');
    expect(formatProblems([problemAt('f.yaml', 'x', 1, 1, 'm')])).toBe('f.yaml:1:1: m\n    x\n    ^\n');
  });

  it(`are ${DEFAULT_WIDTH} characters wide at most by default, indent included`, () => {
    const line = `key: ${'v'.repeat(200)}`;
    const [, quoted, caret] = formatProblems([problemAt('f.yaml', line, 1, 6, 'm')]).split('\n');
    expect(quoted).toBe(`    key: ${'v'.repeat(DEFAULT_WIDTH - 4 - 6)}…`);
    expect(caret).toBe(`${' '.repeat(4 + 5)}^`);
  });

  it('come in file, line and column order, each once', () => {
    const p = (file: string, line: number, col: number, message = 'm') => problemOnLine(file, '', line, col, message);
    const sorted = sortProblems([p('b', 1, 1), p('a', 2, 1), p('a', 1, 5), p('a', 1, 2), p('a', 1, 2), p('a', 1, 2, 'other'), p('--set', 9, 9)]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.col}:${x.message}`)).toEqual([
      '--set:9:9:m', 'a:1:2:m', 'a:1:2:other', 'a:1:5:m', 'a:2:1:m', 'b:1:1:m',
    ]);
  });
});
