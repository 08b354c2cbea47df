import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { assertSafeId, isSafeId } from '../../src/results/safe-id.js';

describe('a run id read from disk', () => {
  it('is a safe folder name when made of letters, digits, "-", "_" and ".", not "." first, up to 200 characters', () => {
    for (const id of ['lr-0.1_b32', 'a', 'A9', '_.x', '-x.', 'x'.repeat(200)]) expect(isSafeId(id), id).toBe(true);
  });

  it('is refused when it could leave the results folder, is only dots, would be hidden, is empty, too long, or not text', () => {
    for (const id of ['../x', 'a/b', 'a\\b', '.', '..', '...', '.hidden', '.x.y', '', 'x'.repeat(201), 'a b', 'a\nb', 5, null, undefined, ['a']]) {
      expect(isSafeId(id), JSON.stringify(id)).toBe(false);
    }
  });

  it('comes back unchanged when safe; otherwise the error names the file it came from and the id', () => {
    expect(assertSafeId('lr-0.1', 'experiment.json')).toBe('lr-0.1');
    expect(() => assertSafeId('../../etc', 'results/x/experiment.json')).toThrow(new UserError(m.unsafeId('../../etc', 'results/x/experiment.json')));
    expect(() => assertSafeId(7, 'config.json')).toThrow(m.unsafeId('7', 'config.json'));
  });
});
