import { parse } from 'csv-parse/browser/esm/sync';

/**
 * MRNs from pasted text or a CSV file: a column named "mrn" when the first line has one, else
 * every cell (one MRN a line, or several separated by commas); blank cells and repeats dropped,
 * order kept. A file that is not valid CSV yields no MRN rather than a wrong one.
 */
export function mrnsFrom(text: string): string[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'] });
  } catch {
    return [];
  }
  if (!rows.length) return [];
  const column = rows[0].findIndex((cell) => cell.toLowerCase() === 'mrn');
  const cells = column >= 0 ? rows.slice(1).map((row) => row[column] ?? '') : rows.flat();
  return [...new Set(cells.filter(Boolean))];
}
