/**
 * Loss curves of thousands of iterations, made small enough to draw: the mean (and the
 * min and max) of each window of `size` consecutive iterations. Deterministic, so the
 * same losses always give the same points. A curve stops before its first non-finite loss.
 */

/** At most this many windows per curve. */
export const MAX_POINTS = 250;

export interface LossWindow {
  /** The window's middle iteration. */
  iteration: number;
  mean: number;
  min: number;
  max: number;
}

/** The smallest of 1, 2, 5, 10, 20, 50, ... that keeps `iterations` within `MAX_POINTS` windows. */
export function windowSize(iterations: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) {
      if (Math.ceil(iterations / (step * scale)) <= MAX_POINTS) return step * scale;
    }
  }
}

/** The finite losses before the first NaN or infinity. */
export function finitePrefix(losses: number[]): number[] {
  const end = losses.findIndex((x) => !Number.isFinite(x));
  return end === -1 ? losses : losses.slice(0, end);
}

export function lossWindows(losses: number[], size: number): LossWindow[] {
  const finite = finitePrefix(losses);
  const windows: LossWindow[] = [];
  for (let start = 0; start < finite.length; start += size) {
    const chunk = finite.slice(start, start + size);
    let sum = 0;
    for (const x of chunk) sum += x;
    windows.push({
      iteration: start + (chunk.length - 1) / 2,
      mean: sum / chunk.length,
      min: Math.min(...chunk),
      max: Math.max(...chunk),
    });
  }
  return windows;
}
