/** Driving `serve`'s pages in a browser: what the browser tests check and the screenshots script shows. */
import type { Page } from 'playwright-core';

/** What went wrong on a page: console errors, uncaught exceptions, and any request that left the server. */
export function watchPage(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.push(`request outside ${origin}: ${url}`);
  });
  return problems;
}

/** Waits until each named chart of the page (loss, accuracy, parallel) is drawn. */
export async function waitForCharts(page: Page, names: string[]): Promise<void> {
  for (const name of names) await page.locator(`#chart-${name} svg.marks`).waitFor();
}

/** A digit as pen strokes, each a list of points in the drawing box (0..1 across and down). */
export type Strokes = [number, number][][];

/** A seven: the bar, then the stem down and to the left. */
export const SEVEN: Strokes = [[[0.28, 0.22], [0.72, 0.22], [0.62, 0.45], [0.46, 0.82]]];

/** A three: two bowls opening to the left. */
export const THREE: Strokes = [[[0.3, 0.2], [0.6, 0.18], [0.68, 0.3], [0.5, 0.46], [0.7, 0.6], [0.62, 0.78], [0.3, 0.8]]];

/** Draws `strokes` on the drawing page's board with the mouse, as a hand would, and waits until the last reading is shown. */
export async function drawDigit(page: Page, strokes: Strokes): Promise<void> {
  const box = (await page.locator('canvas.board').boundingBox())!;
  const at = ([x, y]: [number, number]): [number, number] => [box.x + x * box.width, box.y + y * box.height];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
    await page.mouse.up();
  }
  // every reading asked for has come back, the last one for the whole drawing
  // (a string: it runs in the page, whose DOM types this tool is not compiled with)
  await page.waitForFunction("(() => { const d = document.getElementById('app').dataset; return d.reads !== undefined && d.settled === d.reads; })()");
}
