import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessImageFile } from '../../src/predict/preprocess.js';
import { measure } from './images.js';

const dir = new URL('../fixtures/digits/', import.meta.url).pathname;
const fixtures = readdirSync(dir).filter((f) => /\.(png|jpg)$/.test(f)).sort();

describe('the hand-drawn fixture digits, prepared', () => {
  it('include at least five drawings', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of fixtures) {
    it(`${file} is centred by mass within 1 px of the middle and its ink fits 20x20`, () => {
      const { width, height, cx, cy } = measure(preprocessImageFile(join(dir, file)));
      expect(Math.abs(cx - 14)).toBeLessThanOrEqual(1);
      expect(Math.abs(cy - 14)).toBeLessThanOrEqual(1);
      expect(Math.max(width, height)).toBeLessThanOrEqual(20);
      expect(Math.max(width, height)).toBeGreaterThanOrEqual(19);
    });
  }
});
