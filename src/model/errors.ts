import { UserError } from '../errors.js';

/** A saved model that is missing, damaged or not ours: the CLI prints it and exits 2. */
export class ModelFileError extends UserError {}
