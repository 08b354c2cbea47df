/**
 * The report's picture folders (charts/, charts/runs/ and each run's folder in it) are folders
 * of the results folder, never symbolic links: the report writes its pictures into them and
 * removes those it no longer draws (a run's whole folder among them), so a `charts` link
 * committed to a cloned repository would have `report` or `run` write into, and delete from,
 * wherever it leads (a home folder's *.svg and its runs/ subfolders). Checked before anything
 * is written.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemError } from '../errors.js';
import { reportMessages } from './messages.js';
import { REPORT_FILES } from './report-files.js';
import { RUN_CHARTS } from './run-pictures.js';
import { sortedEntries } from '../results/folder-entries.js';

/** Throws a FileSystemError naming the first picture folder of `resultsDir` that is a symbolic link, and where it leads. */
export function checkPictureFolders(resultsDir: string): void {
  const runs = join(resultsDir, RUN_CHARTS);
  for (const path of [join(resultsDir, REPORT_FILES.charts), runs, ...sortedEntries(runs).map((name) => join(runs, name))]) {
    if (isLink(path)) throw new FileSystemError(reportMessages.pictureFolderLinked(path, target(path)));
  }
}

/** Whether `path` is a symbolic link; a path the system will not look at (a file where a folder goes) is left to the writes to explain. */
function isLink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false;
  }
}

function target(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return '?';
  }
}
