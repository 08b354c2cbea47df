/**
 * The test digits a model gets most confidently wrong, as a 4x4 SVG grid: each digit
 * (an embedded 28x28 PNG, dark ink on light paper) with its index, true and predicted
 * label and confidence. The picture carries its own white background, so it reads the
 * same on light and dark pages; the same inputs give the same bytes.
 */
import pngjs from 'pngjs';
import { classWord } from './class-word.js';
import { analysisMessages as m } from './messages.js';

export interface Mistake {
  /** The image's index in its split. */
  index: number;
  actual: number;
  predicted: number;
  /** The predicted class's probability. */
  confidence: number;
  /**
   * 1 - confidence, as the sum of the other classes' probabilities: exact where the
   * subtraction would give 0 (a confidently wrong model is often 1 - 1e-7 sure).
   */
  doubt: number;
}

/** Wrong predictions, most confident (least doubt) first (ties: lower index first), at most `count`. */
export function mostConfidentMistakes(probabilities: ArrayLike<number>, labels: Uint8Array, classes = 10, count = 16): Mistake[] {
  const mistakes: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    let predicted = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) predicted = c;
    if (predicted === labels[i]) continue;
    let doubt = 0;
    for (let c = 0; c < classes; c++) if (c !== predicted) doubt += probabilities[i * classes + c];
    mistakes.push({ index: i, actual: labels[i], predicted, confidence: probabilities[i * classes + predicted], doubt });
  }
  return mistakes.sort((a, b) => a.doubt - b.doubt || b.confidence - a.confidence || a.index - b.index).slice(0, count);
}

const SIDE = 28;
const SCALE = 3;
const COLUMNS = 4;
const CELL_W = 150;
const CELL_H = SIDE * SCALE + 60;
const TOP = 40;

/** pixels: the split's bytes, 784 per image (0 = background, 255 = ink), indexed by Mistake.index. */
export function renderMistakesSvg(pixels: Uint8Array, mistakes: Mistake[], title: { run: string; slice: string; classes?: number }): string {
  const rows = Math.max(1, Math.ceil(mistakes.length / COLUMNS));
  const width = COLUMNS * CELL_W;
  const height = TOP + rows * CELL_H + 8;
  const cells = mistakes.map((mistake, n) => {
    const x = (n % COLUMNS) * CELL_W;
    const y = TOP + Math.floor(n / COLUMNS) * CELL_H;
    const left = x + (CELL_W - SIDE * SCALE) / 2;
    const image = digitPngBase64(pixels.subarray(mistake.index * 784, (mistake.index + 1) * 784));
    return [
      `<rect x="${left - 0.5}" y="${y - 0.5}" width="${SIDE * SCALE + 1}" height="${SIDE * SCALE + 1}" fill="none" stroke="#999"/>`,
      `<image x="${left}" y="${y}" width="${SIDE * SCALE}" height="${SIDE * SCALE}" style="image-rendering:pixelated" href="data:image/png;base64,${image}"/>`,
      text(x + CELL_W / 2, y + SIDE * SCALE + 14, m.mistakeCaption(mistake.actual, mistake.predicted), 'bold'),
      text(x + CELL_W / 2, y + SIDE * SCALE + 28, m.mistakeConfidence(mistake.confidence, mistake.doubt)),
      text(x + CELL_W / 2, y + SIDE * SCALE + 42, m.mistakeIndex(mistake.index), 'grey'),
    ].join('\n');
  });
  if (mistakes.length === 0) cells.push(text(width / 2, TOP + 40, m.noMistakes));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="#111">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="24" font-size="14" font-weight="bold">${escapeXml(m.mistakesTitle(title.run, title.slice, mistakes.length, classWord(title.classes ?? 10)))}</text>`,
    ...cells,
    '</svg>',
    '',
  ].join('\n');
}

function text(x: number, y: number, content: string, style?: 'bold' | 'grey'): string {
  const attributes = style === 'bold' ? ' font-weight="bold"' : style === 'grey' ? ' fill="#555"' : '';
  return `<text x="${x}" y="${y}" text-anchor="middle"${attributes}>${escapeXml(content)}</text>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A 28x28 greyscale PNG, ink dark on white. */
function digitPngBase64(digit: Uint8Array): string {
  const png = new pngjs.PNG({ width: SIDE, height: SIDE });
  for (let i = 0; i < SIDE * SIDE; i++) {
    png.data[i * 4] = png.data[i * 4 + 1] = png.data[i * 4 + 2] = 255 - digit[i];
    png.data[i * 4 + 3] = 255;
  }
  return pngjs.PNG.sync.write(png, { colorType: 0 }).toString('base64');
}
