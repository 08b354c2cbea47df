/**
 * Dead hidden units, carried from one evaluation of a run to the next.
 *
 * A hidden unit that is zero after the ReLU for every image of a slice moves none of their
 * scores, and it stays so while its weights (its column of W1 and its bias) keep the same
 * bits. Under plain SGD a unit dead on every training image gets a gradient of exactly zero,
 * so its weights do keep their bits: at the flagship's learning rates 1.2 and 1.5, 21-22 and
 * 39-40 of the 50 units are dead on all 70,000 images from the third evaluation on.
 *
 * The screening kernels prove units dead as they classify (native/screen.h). This records,
 * per slice, which units were proven and the weights they were proven for, and tells a later
 * evaluation which of them it may leave out of its sums: those whose weights are the same
 * bits. The classes, and so every result, are the same whether a unit is left out or not;
 * only the time changes.
 */

/** The units proven dead on every image of one slice, and their weights then. */
export interface DeadUnits {
  /** Hidden units, in order. */
  units: number[];
  /** For each unit in turn, its column of W1 (one value per input) and then its bias. */
  weights: Float32Array;
}

/** A float32 first layer: W is inputs x hidden, row-major. */
export interface FirstLayer {
  W: Float32Array;
  b: Float32Array;
  inputs: number;
  hidden: number;
}

/** Writes 1 into `into` (hidden values) for each unit of `proof` whose weights in `layer` are still the same bits, 0 for every other unit. */
export function stillDead(proof: DeadUnits | undefined, layer: FirstLayer, into: Int32Array): void {
  into.fill(0, 0, layer.hidden);
  if (!proof) return;
  const { inputs, hidden } = layer;
  const W = bitsOf(layer.W), b = bitsOf(layer.b), then = bitsOf(proof.weights);
  proof.units.forEach((unit, k) => {
    if (unit >= hidden || then.length < (k + 1) * (inputs + 1)) return;
    const at = k * (inputs + 1);
    let same = then[at + inputs] === b[unit];
    for (let i = 0; same && i < inputs; i++) same = then[at + i] === W[i * hidden + unit];
    into[unit] = same ? 1 : 0;
  });
}

/** The units marked 1 in `mask` (hidden values), with their weights in `layer`. */
export function deadUnitsOf(mask: Int32Array, layer: FirstLayer): DeadUnits {
  const { inputs, hidden } = layer;
  const units: number[] = [];
  for (let j = 0; j < hidden; j++) if (mask[j] === 1) units.push(j);
  const weights = new Float32Array(units.length * (inputs + 1));
  units.forEach((unit, k) => {
    const at = k * (inputs + 1);
    for (let i = 0; i < inputs; i++) weights[at + i] = layer.W[i * hidden + unit];
    weights[at + inputs] = layer.b[unit];
  });
  return { units, weights };
}

const bitsOf = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);
