/** CSV text in and out: csv-stringify writes, csv-parse reads; every cell is a string here. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** A header line and one line per row, `\n` line endings, quoting only where needed. */
export function toCsv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows], { record_delimiter: 'unix' });
}

/** The header and rows of CSV text; throws csv-parse's error when the text is not CSV. */
export function parseCsv(text: string): CsvTable {
  const records = parse(text, { relax_column_count: false }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}
