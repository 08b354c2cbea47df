/**
 * `export --onnx`: a run's saved model (either format, any architecture) written as an
 * ONNX file, atomically: the file appears whole or not at all. It replaces only a file an
 * export wrote before, never another file of the user's that happens to have the name.
 */
import { readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { modelFileOf, readModel } from '../model/files.js';
import { osReason } from '../results/fs-errors.js';
import { readOpened } from '../results/read-opened.js';
import { exportMessages as m } from './messages.js';
import { onnxModelOf, PRODUCER_NAME } from './onnx-graph.js';
import { encodeOnnx } from './onnx-proto.js';

/** Writes runDir's model to `out` as ONNX; returns the shape of one input image. Throws UserError naming the file. */
export function exportOnnx(runDir: string, out: string, producerVersion: string): number[] {
  if (!out.toLowerCase().endsWith('.onnx')) throw new UserError(m.onnxExtension(out));
  const model = readModel(runDir);
  // a float64 model's weights are written as float32 (onnx-graph.ts): one past its range would become infinite
  for (const { name, data } of model.precision === 'float64' ? model.tensors : []) {
    const at = data.findIndex((v) => !Number.isFinite(Math.fround(v)));
    if (at >= 0) throw new UserError(m.beyondFloat32(modelFileOf(runDir), name, at, data[at]));
  }
  if (!replaceable(out)) throw new UserError(m.notAnExport(out));
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

/**
 * Whether `out` may be written: absent, empty, not a regular file (the write then says why
 * it cannot be), or an ONNX model whose producer_name is ours. Every file encodeOnnx writes
 * begins with ir_version (field 1, a varint) and producer_name (field 2, a string).
 */
function replaceable(out: string): boolean {
  const stats = statSync(out, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size === 0) return true;
  const head = Buffer.alloc(32);
  let length = 0;
  try {
    // only its head is read, whatever its size
    length = readOpened(out, (fd) => readSync(fd, head, 0, head.length, 0), Number.POSITIVE_INFINITY);
  } catch (error) {
    throw new UserError(m.cannotWrite(out, osReason(error as NodeJS.ErrnoException)));
  }
  let at = 1;
  if (head[0] !== 0x08) return false;
  while (at < length && head[at] & 0x80) at++;
  const name = Buffer.from(PRODUCER_NAME, 'utf8');
  return head[at + 1] === 0x12 && head[at + 2] === name.length && head.subarray(at + 3, at + 3 + name.length).equals(name);
}

/** Removes a temporary file we may have written; a path that cannot hold one (under a file) holds nothing to remove. */
function removeIfThere(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR and the like: nothing was written there
  }
}
