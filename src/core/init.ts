import type { Floats } from './floats.js';

/** Weight initialisation: a fixed standard deviation (the seed's 0.01), He or Xavier. */
export type Init = { std: number } | 'he' | 'xavier';

/** Anything that draws standard normals (the generators in random/). */
export interface NormalSource {
  normal(): number;
}

/** The standard deviation for a layer with `inputs` inputs: He is sqrt(2/n), Xavier sqrt(1/n). */
export function initStd(init: Init, inputs: number): number {
  if (init === 'he') return Math.sqrt(2 / inputs);
  if (init === 'xavier') return Math.sqrt(1 / inputs);
  return init.std;
}

/** W = std * randn(inputs, outputs), row-major, as the seed draws it: `std * np.random.randn(...)`. */
export function fillNormal(W: Floats, std: number, random: NormalSource): void {
  for (let i = 0; i < W.length; i++) W[i] = std * random.normal();
}
