/**
 * A network's initial weights, remembered: the trials of a search train the same
 * architecture from the same training seed, so each would draw the same weights again (for
 * the book's 6x100 network, 130,000 normal draws whose correctly rounded logarithms take
 * about a third of a 200-iteration run). A remembered start is the exact tensors and
 * generator state that drawing them leaves, so everything after it is unchanged.
 */
import type { Floats, Precision } from './floats.js';
import type { Init } from './init.js';
import type { Network } from './network.js';
import type { Random, RandomKind } from './random/index.js';

/** Starts kept per thread: a grid of a few architectures or seeds still finds its own. */
const KEEP = 4;
const remembered = new Map<string, { tensors: Floats[]; random: number[] }>();

export interface InitialDraw {
  init: Init;
  rng: RandomKind;
  seed: number;
  precision: Precision;
}

/**
 * Initialises `network` as `network.initialize(draw.init, random)` does, `random` being a
 * generator of `draw.rng` just seeded with `draw.seed`: from memory when the same network was
 * drawn before in this thread.
 */
export function initializeRemembered(network: Network, random: Random, draw: InitialDraw): void {
  const key = JSON.stringify([network.architecture, draw.init, draw.rng, draw.seed, draw.precision]);
  const found = remembered.get(key);
  if (found) {
    network.startFrom(found.tensors, random);
    random.restore(found.random);
    remembered.delete(key);
    remembered.set(key, found);
    return;
  }
  network.initialize(draw.init, random);
  remembered.set(key, { tensors: network.tensors().map((t) => t.data.slice()), random: random.state() });
  if (remembered.size > KEEP) remembered.delete(remembered.keys().next().value!);
}

/** Forgets every remembered start (for tests that compare a drawn start with a remembered one). */
export function forgetInitialWeights(): void {
  remembered.clear();
}
