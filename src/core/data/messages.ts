/** Every message the data loader can show, written once (tests assert through these). */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const dataMessages = {
  dirNotFound: (dir: string) => `${dir}: dataset folder not found (expected a folder holding the four MNIST IDX files)`,
  fileNotFound: (name: string, dir: string, tried: string[]) =>
    `${name}: file not found in ${dir} (looked for ${tried.join(', ')})`,
  unreadable: (file: string, reason: string) => `${file}: cannot read the file: ${reason}`,
  badGzip: (file: string, reason: string) => `${file}: not a valid gzip file: ${reason}`,
  tooShortForHeader: (file: string, kind: 'image' | 'label', headerBytes: number, found: number) =>
    `${file}: not an IDX ${kind} file: expected at least a ${headerBytes}-byte header, found ${plural(found, 'byte', 'bytes')}`,
  badMagic: (file: string, kind: 'image' | 'label', found: number, expected: number) =>
    `${file}: not an IDX ${kind} file: magic number ${hex(found)}, expected ${hex(expected)}`,
  badImageSize: (file: string, rows: number, cols: number, maxPixels: number) =>
    `${file}: expected images of 1 to ${maxPixels} pixels, found ${rows} x ${cols}`,
  badLength: (file: string, expected: number, headerBytes: number, dims: number[], found: number) =>
    `${file}: expected ${expected} bytes (${headerBytes}-byte header + ${dims.join(' x ')}), found ${found}`,
  declaresTooMuch: (file: string, declared: number, max: number) =>
    `${file}: its header declares ${declared} bytes, more than the ${max} an IDX file may have`,
  inflatesTooMuch: (file: string, declared: number) =>
    `${file}: inflates to more than the ${declared} bytes its header declares; stopped inflating there`,
  gzipLength: (file: string, expected: number, headerBytes: number, dims: number[], recorded: number) =>
    `${file}: expected ${expected} bytes once inflated (${headerBytes}-byte header + ${dims.join(' x ')}), ` +
    `but its gzip trailer records ${recorded < 0 ? 'nothing' : `${recorded} (the inflated size modulo 4 GiB)`}`,
  labelOutOfRange: (file: string, index: number, label: number, classes: number, trainFile: string) =>
    `${file}: label ${index} is ${label}, expected a class 0..${classes - 1} (the training labels in ${trainFile} have ${classes} classes)`,
  tooFewClasses: (file: string, classes: number) =>
    `${file}: expected labels of at least 2 classes, found only class${classes === 1 ? ' 0' : 'es'} (labels 0..${classes - 1})`,
  countMismatch: (imageFile: string, images: number, labelFile: string, labels: number) =>
    `images and labels disagree: ${imageFile} has ${plural(images, 'image', 'images')}, ${labelFile} has ${plural(labels, 'label', 'labels')}`,
  sizeMismatch: (trainRows: number, trainCols: number, testRows: number, testCols: number) =>
    `train and test images differ in size: train ${trainRows} x ${trainCols}, test ${testRows} x ${testCols}`,
};

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
