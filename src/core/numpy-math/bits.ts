/** Doubles from their IEEE-754 bit patterns, for constants copied from binaries and C tables. */
const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);

/** The double whose bits are the 16 hex digits given, e.g. '3ff0000000000000' is 1. */
export function fromBits(hex: string): number {
  scratchBits[0] = BigInt(`0x${hex}`);
  return scratch[0];
}

/** Many doubles from their bit patterns. */
export const tableFromBits = (hex: readonly string[]): Float64Array => Float64Array.from(hex, fromBits);
