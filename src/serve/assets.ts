/**
 * The files the pages load, each by a fixed name: vega, vega-lite and vega-embed from the
 * installed packages (nothing comes from the internet), and the pages' own scripts and style
 * from src/serve/static/. Only names listed here are served from /static/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFile } from '../core/package-files.js';

/** A package's folder, found as Node finds it: node_modules/<name> in this module's folder or any above. */
function packageFolder(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} is not installed`);
    dir = parent;
  }
}

const own = (name: string): string => packageFile(join('src', 'serve', 'static', name));

/** URL name -> [file, content type]. */
export const ASSETS: Record<string, () => [string, string]> = {
  'vega.js': () => [join(packageFolder('vega'), 'build', 'vega.min.js'), 'text/javascript'],
  'vega-lite.js': () => [join(packageFolder('vega-lite'), 'build', 'vega-lite.min.js'), 'text/javascript'],
  'vega-embed.js': () => [join(packageFolder('vega-embed'), 'build', 'vega-embed.min.js'), 'text/javascript'],
  'common.js': () => [own('common.js'), 'text/javascript'],
  'index.js': () => [own('index.js'), 'text/javascript'],
  'experiment.js': () => [own('experiment.js'), 'text/javascript'],
  'compare.js': () => [own('compare.js'), 'text/javascript'],
  'draw.js': () => [own('draw.js'), 'text/javascript'],
  'style.css': () => [own('style.css'), 'text/css'],
};
