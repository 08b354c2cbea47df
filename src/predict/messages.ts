/** Every message about reading and preparing images, written once; tests assert through these functions. */

export const imageMessages = {
  missing: (path: string) => `cannot read image ${path}: no such file`,
  unreadable: (path: string, reason: string) => `cannot read image ${path}: ${reason}`,
  unknownType: (path: string) => `${path} is not a PNG or JPEG image (its first bytes are neither)`,
  damaged: (path: string, kind: string, reason: string) => `${path} is not a readable ${kind}: ${plainReason(reason)}`,
  tooLarge: (path: string, width: number, height: number, maxPixels: number) =>
    `${path} is ${width}x${height} pixels; images up to ${maxPixels / 1e6} megapixels are read`,
  noInk: (path: string) =>
    `found no digit in ${path}: the image is one flat colour (expected a digit drawn on a plain background)`,
} as const;

/** Decoders' own words for a damaged or unusual file, and what we say instead. */
const PLAIN_REASONS: [RegExp, string][] = [
  [/read requests waitng on finished stream/i, 'the file ends early (truncated?)'],
  [/marker was not found|unexpected end/i, 'the file ends early or is damaged (truncated?)'],
  // jpeg-js reads baseline, extended and progressive frames (SOF0-2), not the others
  [/unknown JPEG marker ffc[3579abdef]\b/i, 'it is a lossless, hierarchical or arithmetic-coded JPEG, which is not read: save it as an ordinary JPEG or as PNG'],
  [/unknown JPEG marker/i, 'it is damaged (a segment JPEG does not have)'],
  [/have should not go down/, 'its image data holds more than its width and height (damaged)'],
  [/unrecognised content at end of stream/, 'it is damaged (a checksum that does not match, or a colour type or bit depth PNG does not have)'],
  // a decoder's own fault on data it did not expect (a TypeError's words)
  [/^Cannot read properties of|is not a function$|is not iterable$/, 'its data is damaged'],
];

/** A decoder's error message in plain words, where we know a plainer one. */
export function plainReason(reason: string): string {
  return PLAIN_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? reason;
}

/** The predict command's own messages. */
export const predictMessages = {
  needRunDir: 'expected a run folder and at least one image (or --test-index N), got nothing',
  needInput: (runDir: string) => `expected at least one image after ${runDir}, or --test-index N`,
  badIndex: (value: string) => `expected --test-index to be N or N..M with whole numbers N <= M, got '${value}'`,
  indexRange: (value: string, count: number) => `--test-index ${value} is outside the test set: expected 0..${count - 1}`,
  wrongInputs: (runDir: string, inputs: number) =>
    `the model in ${runDir} takes ${inputs} inputs per image, but images are prepared as 28x28 = 784 pixels`,
  showWritten: (path: string, count: number) =>
    `wrote ${path}: the ${count === 1 ? '28x28 image' : `${count} 28x28 images`} the model saw, enlarged 8 times`,
  showExtension: (path: string) => `--show: expected a file name ending in .png, .jpg or .jpeg, got '${path}'`,
  showIsInput: (path: string, image: string) =>
    `--show ${path} is the image ${image} itself: it would be written over; give another name`,
  notFinite: (runDir: string) =>
    `the model in ${runDir} gives probabilities that are not numbers (NaN or infinite); its weights cannot be trusted`,
  cannotWrite: (path: string, reason: string) => `cannot write ${path}: ${reason}`,
  testSummary: (correct: number, total: number) => `test images: ${correct} of ${total} predicted correctly`,
  noTestSet: (reason: string, dir: string | null = null) =>
    `cannot read the ${dir === null ? 'MNIST test set' : `test set in ${dir}`} for --test-index: ${reason}`,
  testInput: (index: number) => `test #${index}`,
} as const;
