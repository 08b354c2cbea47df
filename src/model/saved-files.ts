/**
 * Whether a run folder holds a saved model, in either format, by the files' names alone:
 * the run check and `serve` ask it without loading a model (a completed run's model may be
 * left out of a clone: report/kept-models.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_JSON } from './format.js';
import { MODEL_SAFETENSORS } from './safetensors.js';

export function hasSavedModel(runDir: string): boolean {
  return existsSync(join(runDir, MODEL_SAFETENSORS)) || existsSync(join(runDir, MODEL_JSON));
}
