/** Tables and numbers in the README's Markdown: one way to write a cell, an accuracy, a loss. */
import { formatNumber } from '../results/numbers.js';

/** A pipe table: a header, its rule and the rows, each cell's `|` escaped and kept on one line. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** An accuracy to three decimals; NaN and infinities as CSVs write them. */
export function accuracyText(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : formatNumber(x);
}
