/**
 * `run-experiments export RUN_DIR --onnx OUT.onnx`: a completed run's model as ONNX, for
 * ONNX Runtime and any other runtime that reads it (src/export/).
 */
import { resolve } from 'node:path';
import { ExitCode, UserError, type Command } from '../command.js';
import { readFileSync } from 'node:fs';
import { packageFile } from '../../core/package-files.js';
import { exportMessages as m } from '../../export/messages.js';

const HELP = `Usage: run-experiments export RUN_DIR --onnx OUT.onnx

Writes the model a completed run saved in RUN_DIR (e.g. results/lr-comparison/runs/lr-0.5)
as an ONNX file (opset 13), any architecture. Its input "image" is float32
[N, 1, 28, 28] for MNIST: each pixel / 255, 0 for the background and 1 for ink, as
'predict' prepares an image. Its output "probabilities" is float32 [N, classes].
A float64 run's weights are written as float32.

Options:
  --onnx OUT.onnx    the file to write: a new one, or one export wrote before (replaced
                     whole); any other file is left as it is, and so is OUT on an error
  -h, --help         show this help

Example:
  run-experiments export results/lr-comparison/runs/lr-0.5 --onnx lr-0.5.onnx
`;

export const exportCommand: Command = {
  name: 'export',
  summary: "Write a run's model as ONNX",
  help: HELP,
  positionals: ['RUN_DIR'],
  options: { onnx: { type: 'string' } },
  async run(options, positionals, io) {
    const [runDir, ...extra] = positionals;
    if (runDir === undefined) throw new UserError(m.needRunDir);
    if (extra.length > 0) throw new UserError(m.extraArguments(extra));
    if (typeof options.onnx !== 'string') throw new UserError(m.needOnnx(runDir));
    const { exportOnnx } = await import('../../export/export-onnx.js');
    const input = exportOnnx(resolve(io.cwd, runDir), resolve(io.cwd, options.onnx), producerVersion());
    io.stderr.write(`${m.written(options.onnx, runDir, input)}\n`);
    return ExitCode.ok;
  },
};

/** This package's version, for the ONNX file's producer_version. */
function producerVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
