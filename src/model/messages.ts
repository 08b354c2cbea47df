/** Every message about saved models, written once; tests assert through these functions. */

export const modelMessages = {
  /** `dangling`: core/read-file.ts's words for a symbolic link to nothing, when `dir` is one. */
  noRunDir: (dir: string, dangling: string | null = null) =>
    `${dir} is ${dangling ?? 'not a folder'}: expected a run's folder, e.g. results/NAME/runs/RUN`,
  missingFile: (dir: string, file: string) =>
    `no saved model in ${dir}: expected ${file} (only completed runs save a model)`,
  noModel: (dir: string) =>
    `no saved model in ${dir}: expected model.safetensors, or model.json and model.bin from an older version (only completed runs save a model, and a results folder commits only the models of the runs its report draws up close: to get this one, delete the run's folder and run the spec again)`,
  resultsNotRun: (dir: string, run: string) => `${dir} is a results folder, not a run's: give one of its runs, e.g. ${run}`,
  safetensors: (path: string, reason: string) => `${path} is not a model run-experiments can read: ${reason}`,
  safetensorsChecksum: (path: string, expected: string, got: string) =>
    `${path} is damaged: the sha256 of its data is ${got}, but its header says ${expected}`,
  notTheArchitecture: (path: string, layers: string) =>
    `${path} is damaged: its tensors are not those of its network (${layers})`,
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

/**
 * Why a model.safetensors can't be read, one phrase each; modelMessages.safetensors names
 * the file around it. Also what is wrong with an architecture or its tensors.
 */
export const formatProblems = {
  tooShort: (bytes: number) => `it has ${bytes} bytes, fewer than the 8 of the header's length`,
  headerTooLong: (declared: bigint, after: number) => `its header length is ${declared} bytes, but the file has ${after} after the length`,
  headerOverLimit: (declared: bigint, limit: number) => `its header length is ${declared} bytes, more than the ${limit} a header may have`,
  headerNotJson: (reason: string) => `its header is not UTF-8 JSON (${reason})`,
  headerNotObject: 'its header is not a JSON object',
  noMetadata: 'its header has no "__metadata__" object: it was not saved by run-experiments',
  metadata: (key: string, expected: string, got: unknown) => `expected metadata "${key}" to be ${expected}, got ${show(got)}`,
  version: (got: unknown, supported: string) => `it has model format version ${show(got)}; this version of run-experiments reads version "${supported}"`,
  architecture: (problem: string) => `its architecture is not one run-experiments builds: ${problem}`,
  tooLarge: (bytes: number, most: number) =>
    `its architecture would need about ${Math.ceil(bytes / 1024 ** 2)} MiB to compute with (weights and 500 images' activations), more than the ${most / 1024 ** 2} MiB a model may need`,
  entry: (name: string, got: unknown) => `tensor ${name}: expected { "dtype", "shape", "data_offsets" }, got ${show(got)}`,
  unknownDtype: (name: string, dtype: unknown) => `tensor ${name} has dtype ${show(dtype)}; run-experiments reads F32 and F64`,
  dtypeNotPrecision: (name: string, dtype: string, precision: string, wanted: string) => `tensor ${name} has dtype ${dtype}, but a ${precision} model stores ${wanted}`,
  shape: (name: string, got: unknown) => `tensor ${name}: expected "shape" to be a list of whole numbers, got ${show(got)}`,
  offsets: (name: string, got: unknown) => `tensor ${name}: expected "data_offsets" to be [begin, end] with whole numbers begin <= end, got ${show(got)}`,
  pastEnd: (name: string, end: number, length: number) => `tensor ${name} ends at byte ${end} of the data, but the data has ${length} bytes`,
  wrongSize: (name: string, shape: number[], needed: number, held: number) => `tensor ${name} of shape [${shape.join(', ')}] needs ${needed} bytes, its offsets hold ${held}`,
  overlap: (name: string, begin: number, end: number) => `tensor ${name} at bytes [${begin}, ${end}) overlaps the tensor before it`,
  gap: (begin: number, end: number) => `bytes [${begin}, ${end}) of the data belong to no tensor`,
  trailing: (length: number, held: number) => `its data has ${length} bytes, but its tensors hold ${held}`,

  // an architecture read from JSON
  notArchitecture: (got: unknown) => `expected an object with "input" and "layers", got ${show(got)}`,
  input: (got: unknown) => `expected "input" to be { "channels", "height", "width" } of whole numbers > 0, got ${show(got)}`,
  noLayers: (got: unknown) => `expected "layers" to be a non-empty list, got ${show(got)}`,
  layerType: (index: number, types: readonly string[], got: unknown) => `layer ${index}: expected "type" to be one of ${types.join(', ')}, got ${show(got)}`,
  layerField: (index: number, type: string, key: string) => `layer ${index} (${type}) has an unknown field "${key}"`,
  layerValue: (index: number, type: string, key: string, expected: string, got: unknown) => `layer ${index} (${type}): expected "${key}" to be ${expected}, got ${show(got)}`,
  layerShape: (index: number, problem: string) => `layer ${index}: ${problem}`,

  // tensors against their architecture
  extraTensor: (name: string) => `it has a tensor ${name} that the architecture does not`,
  missingTensor: (name: string) => `tensor ${name} is missing`,
  tensorOrder: (place: number, expected: string, got: string) => `expected tensor ${expected} in place ${place}, found ${got}`,
  tensorShape: (name: string, got: readonly number[], needed: readonly number[]) => `tensor ${name} has shape [${got.join(', ')}], its layer needs [${needed.join(', ')}]`,
  tensorLength: (name: string, held: number, needed: number) => `tensor ${name} holds ${held} numbers, its shape needs ${needed}`,
} as const;
