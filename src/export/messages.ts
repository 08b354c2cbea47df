/** Every message of `export`, written once; tests assert through these functions. */

export const exportMessages = {
  needRunDir: 'expected a run folder and --onnx OUT.onnx, e.g. run-experiments export results/lr-comparison/runs/lr-0.5 --onnx lr-0.5.onnx',
  needOnnx: (runDir: string) => `expected --onnx OUT.onnx after ${runDir}: the file to write the model to`,
  extraArguments: (extra: string[]) => `expected one run folder, got also ${extra.map((a) => `'${a}'`).join(', ')}`,
  onnxExtension: (path: string) => `--onnx: expected a file name ending in .onnx, got '${path}'`,
  cannotWrite: (path: string, reason: string) => `cannot write ${path}: ${reason}`,
  beyondFloat32: (model: string, tensor: string, index: number, value: number) =>
    `cannot export ${model}: ${tensor}[${index}] is ${value}, beyond float32's range, and the ONNX model holds float32 weights (ONNX Runtime's CPU type)`,
  notAnExport: (path: string) =>
    `${path} exists and is not a model run-experiments exported: it is left as it is (remove it, or choose another name)`,
  written: (path: string, runDir: string, input: readonly number[]) =>
    `wrote ${path}: the model of ${runDir} as ONNX; input "image": float32 [N, ${input.join(', ')}], pixel / 255; output "probabilities"`,
} as const;
