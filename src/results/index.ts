/** Results on disk: the runner's surface (write a finished run, read it back to skip it). */
export { writeFileAtomic, writeFolderAtomic, type FileData } from './atomic.js';
export { runFolderPath, writeRunFolder } from './run-folder.js';
export { formatNumber, parseNumber } from './numbers.js';
