import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileSystemError, UserError } from '../../src/errors.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { explainFs, isOsError, osReason, writing } from '../../src/results/fs-errors.js';

/** The error Node's fs throws for reading a file that is not there. */
function missingFileError(): unknown {
  try {
    readFileSync('/nonexistent/run-experiments/file');
  } catch (error) {
    return error;
  }
  throw new Error('expected the read to fail');
}

describe("the operating system's refusals", () => {
  it('are told in words with their code, from the error number', () => {
    expect(osReason(missingFileError())).toBe('no such file or directory (ENOENT)');
    expect(osReason(Object.assign(new Error('x'), { code: 'ENOSPC', errno: -28 }))).toBe('no space left on device (ENOSPC)');
    // a quota's refusal, which libuv has no number for (Linux's errno 122 comes through as its code alone)
    expect(osReason(Object.assign(new Error('x'), { code: 'EDQUOT', errno: -122 }))).toBe('disk quota exceeded (EDQUOT)');
  });

  it('fall back to the code without a known number, then to the message, then to the value itself', () => {
    expect(osReason(Object.assign(new Error('x'), { code: 'EWHATEVER' }))).toBe('EWHATEVER');
    expect(osReason(Object.assign(new Error('x'), { code: 'EODD', errno: 999_999 }))).toBe('EODD');
    expect(osReason(new Error('the disk said no'))).toBe('the disk said no');
    expect(osReason('plain text')).toBe('plain text');
    expect(osReason(null)).toBe('null');
  });

  it('are errors with a code, but not the FileSystemError already made from one', () => {
    expect(isOsError(missingFileError())).toBe(true);
    expect(isOsError(new Error('no code'))).toBe(false);
    expect(isOsError(Object.assign(new FileSystemError('told'), { code: 'ENOENT' }))).toBe(false);
    expect(isOsError(null)).toBe(false);
    expect(isOsError({ code: 5 })).toBe(false);
  });

  it('become a FileSystemError whose message names the file and the reason; other errors pass through untouched', () => {
    expect(explainFs(() => 42, () => 'unused')).toBe(42);
    const thrown = (() => {
      try {
        writing('/results/runs.csv', () => {
          throw missingFileError();
        });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(FileSystemError);
    expect((thrown as Error).message).toBe(m.cannotWrite('/results/runs.csv', 'no such file or directory (ENOENT)'));
    const bug = new TypeError('a bug');
    expect(() => explainFs(() => { throw bug; }, () => 'unused')).toThrow(bug);
    const told = new UserError('already told');
    expect(() => explainFs(() => { throw told; }, () => 'unused')).toThrow(told);
  });
});
