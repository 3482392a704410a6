import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine, OwnText, toCsv } from './csv.ts';

const HOSTILE = [
  '=1+1',
  '=HYPERLINK("http://x","y")',
  '+1 555',
  '-2+3',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  'a;=1+1',
  'a; =1+1',
  'a;"=1+1',
  'a,=1+1',
  'a;\t=1',
  'x\t+2',
  'two\n-3',
  'cr\r@SUM(A1)',
  'crlf\r\n=1',
  '＝1+1',
  'a;＠SUM(A1)',
];

describe('csvLine', () => {
  it('when values are plain, then every cell is quoted, numbers and empty cells too, and the line ends in CRLF', () => {
    expect(csvLine(['a', 'Smith-Jones', 3, 33.3, '', null, undefined])).toBe('"a","Smith-Jones","3","33.3","","",""\r\n');
  });

  it('when a value holds quotes, a separator or a line break, then inner quotes are doubled and the rest is kept inside the quotes', () => {
    expect(csvLine(['say "hi"', 'Smith, Ann', 'two\r\nlines'])).toBe('"say ""hi""","Smith, Ann","two\r\nlines"\r\n');
  });

  it('when a text starts like a formula, then it gets a leading apostrophe', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+1 555', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1'])).toBe(
      `"'=HYPERLINK(""http://x"")","'+1 555","'-2+3","'@SUM(A1)","'\tx","'\rx","'＝1"\r\n`,
    );
  });

  it('when a formula follows a ; , tab or line break inside a cell, then an apostrophe goes before it', () => {
    expect(csvLine(['a;=1+1'])).toBe(`"a;'=1+1"\r\n`);
    expect(csvLine(['x\t+2', 'a,-3', 'two\n@SUM(A1)', 'cr\r=1', 'a;＠SUM(A1)'])).toBe(`"x\t'+2","a,'-3","two\n'@SUM(A1)","cr\r'=1","a;'＠SUM(A1)"\r\n`);
  });

  it('when spaces or quotes stand between the separator and the formula, then it is defused all the same', () => {
    expect(csvLine(['a; =1+1', 'a;"=1+1', "b,  '+2"])).toBe(`"a; '=1+1","a;""'=1+1","b,  ''+2"\r\n`);
  });

  it('when a formula character follows anything else, then the text is left alone', () => {
    expect(csvLine(['2026-11-02', 'Smith-Jones', 'a+b=c', 'me@example.com'])).toBe('"2026-11-02","Smith-Jones","a+b=c","me@example.com"\r\n');
  });

  it('when text the application wrote holds a formula character after a separator, then it reads as written; a leading one is still defused', () => {
    const reason = 'guarantor_family_name: starts with =, +, -, @, tab or CR, which a spreadsheet would run as a formula';
    expect(csvLine([2, 'a;=1', new OwnText(reason)])).toBe(`"2","a;'=1","${reason}"\r\n`);
    expect(csvLine(['=1', '+1', '-1', '@A1', '\t=1', '\r=1'].map((text) => new OwnText(text)))).toBe(`"'=1","'+1","'-1","'@A1","'\t=1","'\r=1"\r\n`);
  });

  it('when a value is a negative number, then it is written as is; the same text as a string is defused', () => {
    expect(csvLine([-5, -0.5, '-5'])).toBe(`"-5","-0.5","'-5"\r\n`);
  });

  it('when the line is split on ; , tab or a line break regardless of quotes, then no piece starts with a formula', () => {
    const line = csvLine(HOSTILE);
    for (const separator of [';', ',', '\t', '\r', '\n']) {
      for (const piece of line.split(separator)) {
        expect(piece.replace(/^[ "\t\r\n]+/, '')).not.toMatch(/^[=+\-@＝＋－＠]/);
      }
    }
  });
});

describe('toCsv', () => {
  it('when a document is written, then it is the header and one CRLF-terminated line per row', () => {
    expect(
      toCsv(
        ['line', 'mrn', 'reason'],
        [
          [2, 'A1', 'sex: is required'],
          [3, null, 'mrn: is required'],
        ],
      ),
    ).toBe('"line","mrn","reason"\r\n"2","A1","sex: is required"\r\n"3","","mrn: is required"\r\n');
  });

  it('when the document is read back by csv-parse, then it gives the defused values, nothing more and nothing lost', () => {
    const rows = [HOSTILE, ['say "hi"', 'Smith, Ann', 'two\r\nlines', -5, null, '']];
    const read = parse(toCsv(['value'], rows), { relax_column_count: true, record_delimiter: '\r\n' });
    expect(read).toEqual([
      ['value'],
      [
        "'=1+1",
        `'=HYPERLINK("http://x","y")`,
        "'+1 555",
        "'-2+3",
        "'@SUM(A1)",
        "'\t'=1",
        "'\r'=1",
        "a;'=1+1",
        "a; '=1+1",
        `a;"'=1+1`,
        "a,'=1+1",
        "a;\t'=1",
        "x\t'+2",
        "two\n'-3",
        "cr\r'@SUM(A1)",
        "crlf\r\n'=1",
        "'＝1+1",
        "a;'＠SUM(A1)",
      ],
      ['say "hi"', 'Smith, Ann', 'two\r\nlines', '-5', '', ''],
    ]);
  });
});
