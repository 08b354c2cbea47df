/**
 * `npm run screenshots`: the pictures of `serve` in the README, made from the committed results.
 *
 *   1. serve results/ on a free port of 127.0.0.1;
 *   2. docs/serve-experiment.png: the lr-comparison page, charts drawn, a tooltip shown;
 *   3. docs/serve-draw.png: the drawing page of lr-0.5 with a seven drawn by mouse strokes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../../src/core/package-files.js';
import { startServer } from '../../src/serve/server.js';
import { chromiumPath, launchBrowser, NO_BROWSER } from './browser.js';
import { drawDigit, SEVEN, waitForCharts, watchPage } from './pages.js';

const path = chromiumPath();
if (path === null) {
  process.stderr.write(`screenshots: ${NO_BROWSER}\n`);
  process.exit(2);
}
const out = packageFile('docs');
mkdirSync(out, { recursive: true });
const server = await startServer(packageFile('results'), 0);
const browser = await launchBrowser(path);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems = watchPage(page, server.url);
  await page.goto(`${server.url}experiments/lr-comparison`);
  await waitForCharts(page, ['loss', 'accuracy']);
  await page.locator('#chart-accuracy g.mark-symbol.role-mark path').nth(140).hover({ force: true });
  await page.locator('#vg-tooltip-element.visible').waitFor();
  await page.screenshot({ path: join(out, 'serve-experiment.png'), fullPage: true });
  await page.goto(`${server.url}experiments/lr-comparison/runs/lr-0.5/draw`);
  await drawDigit(page, SEVEN);
  await page.screenshot({ path: join(out, 'serve-draw.png') });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  process.stdout.write(`wrote ${join('docs', 'serve-experiment.png')} and ${join('docs', 'serve-draw.png')}\n`);
} finally {
  await browser.close();
  await server.close();
}
