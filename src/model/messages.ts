/** Every message about saved models, written once; tests assert through these functions. */

export const modelMessages = {
  noRunDir: (dir: string) => `${dir} is not a folder: expected a run's folder, e.g. results/NAME/runs/RUN`,
  missingFile: (dir: string, file: string) =>
    `no saved model in ${dir}: expected ${file} (only completed runs save a model)`,
  unreadable: (path: string, reason: string) => `cannot read ${path}: ${reason}`,
  notJson: (path: string, reason: string) => `${path} is not JSON: ${reason}`,
  foreign: (path: string, got: unknown) =>
    `${path} is not a run-experiments model: expected "format": "run-experiments-model", got ${show(got)}`,
  version: (path: string, got: unknown, supported: number) =>
    `${path} has model format version ${show(got)}; this version of run-experiments reads version ${supported}`,
  field: (path: string, field: string, expected: string, got: unknown) =>
    `${path}: expected ${field} to be ${expected}, got ${show(got)}`,
  chain: (path: string, index: number, outputs: number, inputs: number) =>
    `${path}: layer ${index + 1} has ${outputs} outputs but layer ${index + 2} expects ${inputs} inputs`,
  byteLength: (path: string, declared: number, fromShapes: number) =>
    `${path} declares byteLength ${declared}, but its layer shapes need ${fromShapes} bytes`,
  truncated: (path: string, expected: number, got: number) =>
    `${path} is damaged: expected ${expected} bytes, found ${got}`,
  checksum: (path: string, expected: string, got: string) =>
    `${path} is damaged: its sha256 is ${got}, but model.json expects ${expected}`,
  notFinite: (path: string, array: string, index: number, value: number) =>
    `${path} is damaged: ${array}[${index}] is ${value}; a model's weights must be finite numbers`,
} as const;

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
