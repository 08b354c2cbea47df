import { describe, expect, it } from 'vitest';
import { keyValueText, keyWords, valueText } from '../../src/report/words.js';

describe('keys and values in words', () => {
  it('names common keys in words and others by their last segment', () => {
    expect(keyWords('training.learning_rate')).toBe('learning rate');
    expect(keyWords('model.hidden')).toBe('hidden sizes');
    expect(keyWords('training.some_new_key')).toBe('some new key');
  });

  it('writes values as short text: numbers as written, lists in brackets, objects as key value', () => {
    expect(keyValueText('training.learning_rate', 0.5)).toBe('learning rate 0.5');
    expect(valueText([100, 50])).toBe('[100, 50]');
    expect(valueText({ std: 0.01 })).toBe('std 0.01');
    expect(valueText('adam')).toBe('adam');
  });

  it('writes numbers below 0.001 in exponent form, so a column of log-uniform draws reads alike', () => {
    expect(valueText(0.000001292)).toBe('1.292e-6');
    expect(valueText(6.029e-7)).toBe('6.029e-7');
    expect(valueText(-0.0005)).toBe('-5e-4');
    expect(valueText(0.001)).toBe('0.001');
    expect(valueText(0)).toBe('0');
  });
});
