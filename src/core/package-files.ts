/**
 * Paths of the package's own files (the schema, the kernels the build writes into dist/),
 * found from the package's root: the nearest folder above this module that holds a
 * package.json. The same whether this module runs from src/ (the tests), from dist/ or
 * from the bench's build/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return (root = dir);
}

/** `path`, relative to the package's root. */
export function packageFile(path: string): string {
  return join(packageRoot(), path);
}

/** A file the build writes into dist/. */
export function builtFile(name: string): string {
  return packageFile(join('dist', name));
}
