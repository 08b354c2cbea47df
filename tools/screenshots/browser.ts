/**
 * The browser the screenshots and browser tests drive: a Chromium installed on the machine
 * (Debian: apt-get install chromium), run by playwright-core, which downloads no browser.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where a Chromium is looked for, first the one RUN_EXPERIMENTS_CHROMIUM names. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  const named = process.env.RUN_EXPERIMENTS_CHROMIUM;
  if (named) return existsSync(named) ? named : null;
  return CHROMIUM_PATHS.find((path) => existsSync(path)) ?? null;
}

/** Why there is no browser, in one line. */
export const NO_BROWSER = `no Chromium found (looked for ${CHROMIUM_PATHS.join(', ')}, or RUN_EXPERIMENTS_CHROMIUM); on Debian or Ubuntu: apt-get install chromium`;

export function launchBrowser(path: string): Promise<Browser> {
  // --no-sandbox: Chromium's sandbox refuses to start as root, as in containers and CI
  return chromium.launch({ executablePath: path, args: ['--no-sandbox'] });
}
