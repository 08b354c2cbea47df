/** The spec tests' helpers, kept under this name; they live in test/helpers/. */
export { cli, yaml, type CliResult } from '../helpers/io.js';
export { tempFolder } from '../helpers/folders.js';
