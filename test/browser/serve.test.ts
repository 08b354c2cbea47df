// `serve` in Chromium (playwright-core driving the machine's browser): every page loads with no
// console error and nothing fetched from outside 127.0.0.1, tooltips tell the results' values,
// and a digit drawn with the mouse is read. Screenshots go to the test's temporary folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/results/csv.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { chromiumPath, launchBrowser, NO_BROWSER } from '../../tools/screenshots/browser.js';
import { drawDigit, SEVEN, THREE, waitForCharts, watchPage, type Strokes } from '../../tools/screenshots/pages.js';
import { scratchDir } from '../helpers/folders.js';
import { copyFlagship, gridPlan, madeUpResults, writeExperiment } from '../serve/results.js';

const chromium = chromiumPath();
const TOLERANCE = 1e-6; // the tooltip shows 6 significant digits
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

const threeKeys = gridPlan('three-keys', { 'training.learning_rate': '[0.1, 0.5]', 'model.hidden': '[[8], [16]]', 'training.batch_size': '[50, 100]' });
const live = gridPlan('live', { 'training.learning_rate': '[0.1, 0.2]' });
let root: string;
let shots: string;
let server: RunningServer;
let browser: Browser;

describe.skipIf(chromium === null)(chromium === null ? `serve in a browser: skipped, ${NO_BROWSER}` : 'serve in a browser', () => {
  beforeAll(async () => {
    root = scratchDir('serve-browser');
    shots = scratchDir('serve-screenshots');
    copyFlagship(root);
    writeExperiment(root, threeKeys, madeUpResults(threeKeys));
    writeExperiment(root, live, madeUpResults(live).slice(0, 1), false);
    server = await startServer(root, 0);
    browser = await launchBrowser(chromium!);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `path`, runs `check`, saves a screenshot as `shot`, and expects no problem on the page. */
  async function onPage(path: string, shot: string, check: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchPage(page, server.url.slice(0, -1));
    try {
      await page.goto(`${server.url}${path}`);
      await check(page);
      const file = join(shots, shot);
      await page.screenshot({ path: file, fullPage: true });
      expect(readFileSync(file).subarray(0, 4)).toEqual(PNG);
    } finally {
      await page.close();
    }
    expect(problems).toEqual([]);
  }

  const rows = (page: Page) => page.locator('table.runs tbody tr');
  const lineOpacities = (page: Page, chart: string) =>
    page.locator(`#chart-${chart} g.mark-line.role-mark path`).evaluateAll((paths) => paths.map((p) => p.getAttribute('opacity') ?? '1'));

  it('loads the index: each experiment with its runs, status and best run', () =>
    onPage('', 'index.png', async (page) => {
      await page.locator('a[href="/experiments/lr-comparison"]').waitFor();
      expect(await rows(page).count()).toBe(3);
      expect(await rows(page).filter({ hasText: 'lr-comparison' }).textContent()).toMatch(/3complete.*lr-0\.5 \(test accuracy 0\.951\)/);
    }));

  it('loads an experiment page: its charts and its table of runs', () =>
    onPage('experiments/lr-comparison', 'experiment.png', async (page) => {
      await waitForCharts(page, ['loss', 'accuracy']);
      expect(await rows(page).count()).toBe(3);
    }));

  it('shows in a tooltip the accuracy evaluations.csv holds for the point under the mouse', () =>
    onPage('experiments/lr-comparison', 'tooltip.png', async (page) => {
      await waitForCharts(page, ['accuracy']);
      const points = page.locator('#chart-accuracy g.mark-symbol.role-mark path');
      for (const n of [3, 150, 420]) {
        await page.mouse.move(0, 0);
        await page.locator('#vg-tooltip-element.visible').waitFor({ state: 'detached' }).catch(() => {});
        await points.nth(n).hover({ force: true });
        const tooltip = page.locator('#vg-tooltip-element.visible');
        await tooltip.waitFor();
        const shown = Object.fromEntries(
          await tooltip.locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.key')!.textContent, tr.querySelector('.value')!.textContent])),
        ) as Record<string, string>;
        const { header, rows: csv } = parseCsv(readFileSync(join(root, 'lr-comparison', 'runs', shown.run, 'evaluations.csv'), 'utf8'));
        const row = csv.find((r) => r[0] === shown.iteration)!;
        const expected = Number(row[header.indexOf(`${shown.slice}_accuracy`)]);
        expect(Math.abs(Number(shown.accuracy) - expected)).toBeLessThanOrEqual(TOLERANCE);
      }
    }));

  it('shows only the run whose legend entry is clicked, more with shift, all again on a double-click', () =>
    onPage('experiments/lr-comparison', 'legend.png', async (page) => {
      await waitForCharts(page, ['loss']);
      expect(await lineOpacities(page, 'loss')).toEqual(['1', '1', '1']);
      await page.locator('#chart-loss g.role-legend-symbol path').nth(1).click({ force: true });
      await page.waitForFunction(`document.querySelectorAll('#chart-loss g.mark-line.role-mark path[opacity="1"]').length === 1`);
      expect(await lineOpacities(page, 'loss')).toEqual(['0.06', '1', '0.06']);
      await page.locator('#chart-loss g.role-legend-symbol path').nth(2).click({ force: true, modifiers: ['Shift'] });
      await page.waitForFunction(`document.querySelectorAll('#chart-loss g.mark-line.role-mark path[opacity="1"]').length === 2`);
      expect(await lineOpacities(page, 'loss')).toEqual(['0.06', '1', '1']);
      const chart = (await page.locator('#chart-loss svg.marks').boundingBox())!;
      await page.mouse.dblclick(chart.x + chart.width / 2, chart.y + chart.height / 2);
      await page.waitForFunction(`document.querySelectorAll('#chart-loss g.mark-line.role-mark path[opacity="1"]').length === 3`);
    }));

  it('sorts the runs table by the column clicked, then the other way', () =>
    onPage('experiments/lr-comparison', 'sorted.png', async (page) => {
      await rows(page).first().waitFor();
      const heading = page.locator('table.runs th', { hasText: 'test accuracy' });
      const firstRun = () => rows(page).first().locator('td').nth(1).textContent();
      await heading.click();
      expect(await firstRun()).toBe('lr-1.5');
      await page.locator('table.runs th', { hasText: 'test accuracy' }).click();
      expect(await firstRun()).toBe('lr-0.5');
    }));

  it('picks, by brushing an axis of the parallel coordinates, the runs that pass through the brush', () =>
    onPage('experiments/three-keys', 'parallel.png', async (page) => {
      await waitForCharts(page, ['parallel']);
      expect(await lineOpacities(page, 'parallel')).toEqual(Array(8).fill('0.9'));
      // the first axis is the learning rate: brush its lower end, where the runs at 0.1 pass
      await page.locator('#chart-parallel').scrollIntoViewIfNeeded();
      const axis = (await page.locator('#chart-parallel g.mark-rule.role-mark line').first().boundingBox())!;
      // (the drag starts inside the plot, right of the axis, as a brush must, and ends left of it)
      await page.mouse.move(axis.x + 14, axis.y + axis.height * 0.88);
      await page.mouse.down();
      await page.mouse.move(axis.x - 10, axis.y + axis.height + 6, { steps: 5 });
      await page.mouse.up();
      const picked = threeKeys.runs.map((r) => (r.values['training.learning_rate'] === 0.1 ? '0.9' : '0.07'));
      await page.waitForFunction(`document.querySelectorAll('#chart-parallel g.mark-line.role-mark path[opacity="0.07"]').length > 0`);
      expect(await lineOpacities(page, 'parallel')).toEqual(picked);
    }));

  it("updates a running experiment's page when a run's folder lands", () =>
    onPage('experiments/live', 'live.png', async (page) => {
      await page.locator('main[data-drawn="1"][data-runs="1"]').waitFor();
      writeExperiment(root, live, madeUpResults(live).slice(1), false);
      await page.locator('main[data-runs="2"]').waitFor();
      expect(await rows(page).count()).toBe(2);
    }));

  it('compares runs picked from two experiments', () =>
    onPage(`compare?run=lr-comparison/lr-0.5&run=three-keys/${threeKeys.runs[0].id}`, 'compare.png', async (page) => {
      await waitForCharts(page, ['loss', 'accuracy']);
      expect(await rows(page).count()).toBe(2);
      expect(await page.locator('.picker input:checked').count()).toBe(2);
    }));

  it.each([
    ['seven', SEVEN, '7'],
    ['three', THREE, '3'],
  ] as [string, Strokes, string][])('reads a %s drawn with the mouse, and shows the 28x28 image it saw', (name, strokes, digit) =>
    onPage('experiments/lr-comparison/runs/lr-0.5/draw', `draw-${name}.png`, async (page) => {
      await page.locator('canvas.board').waitFor();
      await drawDigit(page, strokes);
      expect(await page.locator('#digit').textContent()).toBe(digit);
      expect(await page.locator('#probabilities li').count()).toBe(10);
      // dark pixels of the 28x28 image shown (the page's code runs there; this file has no DOM types)
      const ink = await page.evaluate<number>(
        "document.querySelector('canvas.seen').getContext('2d').getImageData(0, 0, 28, 28).data.filter((v, i) => i % 4 === 0 && v < 128).length",
      );
      expect(ink).toBeGreaterThan(20);
    }));
});
