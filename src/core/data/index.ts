export { type Arena, defaultArena, allocArray } from './arena.js';
export { type Dataset, type Split, type SplitShape, loadDataset, splitSizes } from './dataset.js';
export { classesOf } from './classes.js';
export { datasetSha256 } from './dataset-sha256.js';
export { mnistDataDir, splitFiles, type SplitName } from './files.js';
export { IdxError, readIdxImages, readIdxLabels, type IdxImages, type IdxLabels } from './idx.js';
export { dataMessages } from './messages.js';
