/** Argument checks shared by the generators. */
import { randomMessages } from './messages.js';

/** Largest seed the generators accept (NumPy's legacy seeding takes 0..2^32-1). */
export const MAX_SEED = 0xffffffff;

export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(randomMessages.badSeed(seed));
  }
}

/** Checks the bound of `int(n)`: an integer in 1..2^32. */
export function checkBound(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
    throw new RangeError(randomMessages.badBound(n));
  }
}
