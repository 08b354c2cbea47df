export { createRandom, MAX_SEED, type Random, type RandomKind } from './random.js';
export { Mt19937 } from './mt19937.js';
export { NumpyRandom } from './numpy-random.js';
export { Xoshiro128Random } from './xoshiro128.js';
export { permutation, shuffle } from './shuffle.js';
export { randomMessages } from './messages.js';
