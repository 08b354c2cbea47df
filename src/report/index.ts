/** The report's public surface, for the runner and the `report` command. */
export { writeReport } from './write-report.js';
export { renderReportFromDisk, ResultsFolderError } from './render-from-disk.js';
export { loadRenderer } from './render-svg.js';
export { renderRunEarly } from './run-pictures.js';
