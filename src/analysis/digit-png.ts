/** One image of a split as a PNG data URL: ink dark on white, each pixel drawn as a SCALE x SCALE block (crisp at any zoom). */
import pngjs from 'pngjs';

export const SCALE = 3;

/** `pixels`: width * height bytes, 0 = background, 255 = ink. */
export function digitPngUrl(pixels: Uint8Array, width: number, height: number): string {
  const png = new pngjs.PNG({ width: width * SCALE, height: height * SCALE });
  for (let y = 0; y < height * SCALE; y++) {
    for (let x = 0; x < width * SCALE; x++) {
      const at = (y * width * SCALE + x) * 4;
      png.data[at] = png.data[at + 1] = png.data[at + 2] = 255 - pixels[Math.floor(y / SCALE) * width + Math.floor(x / SCALE)];
      png.data[at + 3] = 255;
    }
  }
  return `data:image/png;base64,${pngjs.PNG.sync.write(png, { colorType: 0 }).toString('base64')}`;
}
