/**
 * How values, sizes and counts read inside messages. The other tests assert a message through
 * the function that writes it; these pin the words themselves, so a message that stops saying
 * what the user wrote (or says "undefined") fails here.
 */
import { describe, expect, it } from 'vitest';
import { countText, show, sizeText, specMessages } from '../../src/spec/messages.js';

describe('a value in a message', () => {
  it('reads as YAML flow would show it: strings quoted, lists and mappings spelled out', () => {
    expect(show('abc')).toBe('"abc"');
    expect(show(undefined)).toBe('nothing');
    expect(show(null)).toBe('null');
    expect(show(3.5)).toBe('3.5');
    expect(show(true)).toBe('true');
    expect(show([1, 'a', [2]])).toBe('[1, "a", [2]]');
    expect(show({ conv: { filters: 3 }, x: null })).toBe('{ conv: { filters: 3 }, x: null }');
    expect(show([])).toBe('[]');
  });
});

describe('a size in a message', () => {
  it('reads in the unit that reads best, in powers of 1000, to three figures', () => {
    expect(sizeText(0)).toBe('0 bytes');
    expect(sizeText(999)).toBe('999 bytes');
    expect(sizeText(1000)).toBe('1 kB');
    expect(sizeText(1234)).toBe('1.23 kB');
    expect(sizeText(999_999)).toBe('1000 kB');
    expect(sizeText(1e6)).toBe('1 MB');
    expect(sizeText(450e6)).toBe('450 MB');
    expect(sizeText(1.2e9)).toBe('1.2 GB');
    expect(sizeText(316e9)).toBe('316 GB');
    expect(sizeText(4e12)).toBe('4 TB');
  });
});

describe('a count in a message', () => {
  it('reads with thousands separated up to a million, then in powers of ten', () => {
    expect(countText(39_760)).toBe('39,760');
    expect(countText(999_999)).toBe('999,999');
    expect(countText(1_000_000)).toBe('1.0e6');
    expect(countText(7.9e10)).toBe('7.9e10');
  });
});

describe('messages about types and choices', () => {
  it('name the types a key takes in words', () => {
    expect(specMessages.expectedType('seed', ['integer'], 'x')).toBe('seed: expected an integer, got "x"');
    expect(specMessages.expectedType('k', ['number', 'string', 'boolean'], null)).toBe('k: expected a number or a string or true or false, got null');
    expect(specMessages.expectedType('k', ['object', 'array', 'null'], 1)).toBe('k: expected a mapping or a list or null, got 1');
  });

  it('suggest the closest choice only when there is one', () => {
    expect(specMessages.expectedOneOf('training.optimizer', ['sgd', 'adam'], 'adm', 'adam')).toBe(
      `training.optimizer: expected one of sgd, adam, got "adm" (did you mean 'adam'?)`,
    );
    expect(specMessages.expectedOneOf('training.optimizer', ['sgd', 'adam'], 'zzz', null)).toBe('training.optimizer: expected one of sgd, adam, got "zzz"');
  });

  it('show how a layer that needs parameters is written', () => {
    expect(specMessages.layerNeedsParameters('model.layers[0]', 'conv')).toContain('(e.g. conv: { filters: 30, size: 5 })');
    expect(specMessages.layerNeedsParameters('model.layers[0]', 'affine')).toContain('(e.g. affine: 100)');
    expect(specMessages.layerNeedsParameters('model.layers[0]', 'pool')).toContain('(e.g. pool: { size: 2 })');
    expect(specMessages.layerNeedsParameters('model.layers[0]', 'dropout')).toContain('(e.g. dropout: 0.5)');
  });
});

describe('a count over its limit', () => {
  it('reads exactly, so that it never reads the same as the limit', () => {
    expect(specMessages.tooManyEpochIterations(10_010_000, 10_000_000)).toBe('training.epochs: comes to 10,010,000 iterations, more than the limit of 10,000,000');
  });
});
