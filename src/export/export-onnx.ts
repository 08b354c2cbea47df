/**
 * `export --onnx`: a run's saved model (either format, any architecture) written as an
 * ONNX file, atomically: the file appears whole or not at all.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { readModel } from '../model/files.js';
import { osReason } from '../results/fs-errors.js';
import { exportMessages as m } from './messages.js';
import { onnxModelOf } from './onnx-graph.js';
import { encodeOnnx } from './onnx-proto.js';

/** Writes runDir's model to `out` as ONNX; returns the shape of one input image. Throws UserError naming the file. */
export function exportOnnx(runDir: string, out: string, producerVersion: string): number[] {
  if (!out.toLowerCase().endsWith('.onnx')) throw new UserError(m.onnxExtension(out));
  const model = readModel(runDir);
  const bytes = encodeOnnx(onnxModelOf(model, producerVersion));
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, out);
  } catch (error) {
    removeIfThere(temporary);
    throw new UserError(m.cannotWrite(out, osReason(error as NodeJS.ErrnoException)));
  }
  const { channels, height, width } = model.architecture.input;
  return [channels, height, width];
}

/** Removes a temporary file we may have written; a path that cannot hold one (under a file) holds nothing to remove. */
function removeIfThere(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR and the like: nothing was written there
  }
}
