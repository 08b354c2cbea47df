/** The 28x28 images a model saw, as one PNG (left to right, enlarged), so a user can see what went wrong. */
import pngjs from 'pngjs';

export const SHOW_SCALE = 8;
const GAP = 8;
const GAP_GREY = 128;

/** images: 784 values each in [0, 1] (1 = ink, drawn white on black as in MNIST). */
export function seenImagesPng(images: Float32Array[], side = 28, scale = SHOW_SCALE): Buffer {
  const cell = side * scale;
  const width = images.length * cell + (images.length - 1) * GAP;
  const png = new pngjs.PNG({ width, height: cell });
  png.data.fill(GAP_GREY);
  for (let i = 0; i < png.data.length; i += 4) png.data[i + 3] = 255;
  images.forEach((image, n) => {
    const left = n * (cell + GAP);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = Math.round(image[Math.floor(y / scale) * side + Math.floor(x / scale)] * 255);
        const at = (y * width + left + x) * 4;
        png.data[at] = png.data[at + 1] = png.data[at + 2] = v;
      }
    }
  });
  return pngjs.PNG.sync.write(png, { colorType: 0 });
}
