import { UserError } from '../errors.js';

/** An image that cannot be read or holds no digit: the CLI prints it and exits 2. */
export class ImageError extends UserError {}
