import type { Command } from '../command.js';
import { exportCommand } from './export.js';
import { compareCommand } from './compare.js';
import { predictCommand } from './predict.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';
import { workerCommand } from './worker.js';

/** Every command, in the order the help lists them. */
export const commands: Command[] = [runCommand, validateCommand, planCommand, reportCommand, compareCommand, predictCommand, exportCommand, serveCommand, workerCommand];
