/**
 * The accuracy axis of the comparison chart, zoomed to the data. Accuracies that matter
 * differ in their last percents (0.951 against 0.922), which a 0-1 axis squeezes into a
 * few pixels at the top; so the axis is spaced by the error, 1 - accuracy, on a log scale
 * (0.9 -> 0.99 takes as much height as 0.99 -> 0.999), reversed so that better is higher,
 * fitted to the data with some room, and labelled in accuracy.
 */

/** Error rates below this are drawn at this (an accuracy of 1 has no logarithm). */
export const ERROR_FLOOR = 1e-4;
/** Room above and below the data, as a factor of the error. */
const PADDING = 1.25;
/** Labelled accuracies, where they fall inside the axis. */
const TICKS = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9998, 0.9999];

/** 1 - accuracy, at least ERROR_FLOOR: the value the chart plots. */
export function errorOf(accuracy: number): number {
  return Math.max(ERROR_FLOOR, 1 - accuracy);
}

/** The y encoding's scale and axis for plotted errors (errorOf) spanning `errors`. */
export function accuracyAxis(errors: number[]): { scale: Record<string, unknown>; axis: Record<string, unknown> } {
  const finite = errors.filter(Number.isFinite);
  const least = finite.length ? Math.min(...finite) : 0.01;
  const most = finite.length ? Math.max(...finite) : 1;
  let lo = Math.max(ERROR_FLOOR, least / PADDING);
  let hi = Math.min(1, most * PADDING);
  // at least a factor of 4 of height, so a flat line is not blown up to fill the chart
  if (hi / lo < 4) {
    const middle = Math.sqrt(hi * lo);
    lo = Math.max(ERROR_FLOOR, middle / 2);
    hi = Math.min(1, lo * 4);
  }
  const values = TICKS.map((a) => 1 - a).filter((e) => e >= lo * 0.999 && e <= hi * 1.001);
  return {
    scale: { type: 'log', domain: [lo, hi], reverse: true, nice: false },
    axis: { values, labelExpr: "format(1 - datum.value, '.4~f')" },
  };
}
