/** CSV text in and out: csv-stringify writes, csv-parse reads; every cell is a string here. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/**
 * A header line and one line per row, `\n` line endings, quoting only where needed. Cells
 * with no quote, comma or line break (numbers and names) are joined directly: csv-stringify
 * would write them the same, and a run writes thousands of these lines.
 */
export function toCsv(header: string[], rows: string[][]): string {
  const records = [header, ...rows];
  if (records.every((record) => record.length > 0 && record.every((cell) => !NEEDS_QUOTES.test(cell)))) {
    return `${records.map((record) => record.join(',')).join('\n')}\n`;
  }
  return stringify(records, { record_delimiter: 'unix' });
}

/** What csv-stringify quotes a cell for, at its defaults. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The header and rows of CSV text (a leading byte-order mark skipped); throws csv-parse's
 * error when the text is not CSV.
 * Text without quotes whose lines all have the header's number of cells (what toCsv writes
 * for numbers and names) is split directly: csv-parse would read it the same, and a cached
 * rerun reads thousands of these files.
 */
export function parseCsv(csv: string): CsvTable {
  // a byte-order mark, which editors on Windows put before a CSV they save, is not a cell
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  if (!text.includes('"')) {
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    const [header = [], ...rows] = lines.map((line) => line.split(','));
    if (lines.length > 0 && !lines.some((line) => line.includes('\r')) && rows.every((row) => row.length === header.length)) return { header, rows };
  }
  const records = parse(text, { relax_column_count: false }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}

/**
 * What `expected` says of text parseCsv refused, from csv-parse's error: "CSV (line 3 has 1
 * cell where the header has 2)" and the like; "CSV" alone for an error it does not describe.
 */
export function notCsv(error: unknown): string {
  const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
  if (typeof lines !== 'number') return 'CSV';
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const counts = /expect (\d+), got (\d+)/.exec(message ?? '');
    if (counts) return `CSV (line ${lines} has ${counts[2]} cell${counts[2] === '1' ? '' : 's'} where the header has ${counts[1]})`;
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED') return `CSV (a quote is still open at its end, line ${lines})`;
  return `CSV (line ${lines} is not)`;
}
