// The browser build, on the server too: the Node build reads the global Buffer as it loads, which
// a browser lacks, and the console writes its rejects file with this same module. The browser
// build carries its own Buffer and imports nothing from node:.
import { stringify, type Options } from 'csv-stringify/browser/esm/sync';

/**
 * Words this application wrote, such as an import's reason for rejecting a row ("starts with =,
 * +, -, …"), which never quote a value from a file or a person: only a leading formula character
 * is defused, so the text reads as written. Never wrap anything that came from outside.
 */
export class OwnText {
  constructor(readonly text: string) {}
}

/** What a CSV cell may hold; null and undefined write an empty cell. */
export type CsvValue = string | number | null | undefined | OwnText;

/**
 * A formula character (= + - @, and the full-width forms csv-stringify's escape_formulas also
 * knows) after a separator or line break inside a cell, spaces and quotes between them allowed.
 * A spreadsheet set to `;` or tab as its separator, or one that splits a pasted cell again,
 * starts a new cell there, and may trim the spaces or quotes before it.
 */
const FORMULA_AFTER_SEPARATOR = /([;,\t\r\n][ "']*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

/**
 * Puts an apostrophe before every formula character that could start a cell once the text is
 * split on `;`, `,`, tab or a line break; spreadsheets show a cell starting with `'` as text.
 * A leading formula character is csv-stringify's `escape_formulas`.
 */
const defuseFormulasAfterSeparators = (text: string) => text.replace(FORMULA_AFTER_SEPARATOR, "$1'");

/*
 * Every cell is quoted, numbers and empty cells too: which characters need quoting depends on
 * the separator the reader assumes (`,` here, `;` or tab in other locales), so no cell is left
 * to that guess. Quotes delimit and do not type: Excel and LibreOffice (by default) still read
 * "3" as a number.
 * Built per call because csv-stringify writes its defaults into the `cast` object it is given.
 */
const options = (): Options => ({
  quoted: true,
  quoted_empty: true,
  // A leading = + - @ tab or CR gets an apostrophe in a string, never in a number: -5 stays -5.
  escape_formulas: true,
  record_delimiter: '\r\n',
  // OwnText is the only object a cell holds (anything else as csv-stringify writes it); escape_formulas still sees its text.
  cast: { string: defuseFormulasAfterSeparators, object: (value) => (value instanceof OwnText ? value.text : JSON.stringify(value)) },
});

/**
 * One CSV line, every cell quoted, formulas defused, CRLF-terminated as RFC 4180 asks; for
 * files written row by row (streamed exports, rejects written as an import reads).
 */
export function csvLine(values: readonly CsvValue[]): string {
  return stringify([values], options());
}

/** A whole CSV document: the header line, then one line per row, with csvLine's rules. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  return stringify([header, ...rows], options());
}
