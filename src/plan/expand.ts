/** The grid's cartesian product: grid keys in the spec's order, first key slowest, values in listed order. */

/** How many points a grid has (1 for an empty grid). */
export function countPoints(grid: Record<string, unknown[]>): number {
  return Object.values(grid).reduce((count, values) => count * values.length, 1);
}

/** Every point of the grid as one value index per key, in order. */
export function gridPoints(grid: Record<string, unknown[]>): number[][] {
  let points: number[][] = [[]];
  for (const values of Object.values(grid)) {
    points = points.flatMap((point) => values.map((_, i) => [...point, i]));
  }
  return points;
}
