import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, sniffDocumentType } from './file-types.ts';
import { minimalJpeg, minimalPdf, minimalPng } from '../testing/documents.ts';

const text = (value: string) => Buffer.from(value, 'latin1');

describe('sniffDocumentType', () => {
  it('when the bytes are a real PDF, PNG or JPEG, then that type is named', () => {
    expect(sniffDocumentType(minimalPdf())).toBe(DOCUMENT_TYPES.pdf);
    expect(sniffDocumentType(minimalPng())).toBe(DOCUMENT_TYPES.png);
    expect(sniffDocumentType(minimalJpeg())).toBe(DOCUMENT_TYPES.jpeg);
    expect(sniffDocumentType(minimalPng())).toEqual({ mediaType: 'image/png', extension: 'png', label: 'PNG' });
  });

  it('when a PDF has bytes after %%EOF or a JPEG or PNG is padded with zeros, then it is still recognised', () => {
    expect(sniffDocumentType(Buffer.concat([minimalPdf(), Buffer.alloc(900, 0x20)]))).toBe(DOCUMENT_TYPES.pdf);
    expect(sniffDocumentType(Buffer.concat([minimalJpeg(), Buffer.alloc(512)]))).toBe(DOCUMENT_TYPES.jpeg);
    expect(sniffDocumentType(Buffer.concat([minimalPng(), Buffer.alloc(3)]))).toBe(DOCUMENT_TYPES.png);
  });

  it('when an executable is named scan.pdf, then it is no document, even carrying a PDF inside', () => {
    const pdf = minimalPdf();
    expect(sniffDocumentType(Buffer.concat([text('MZ\x90\x00\x03\x00\x00\x00'), pdf]))).toBeNull();
    expect(sniffDocumentType(Buffer.concat([text('\x7fELF\x02\x01\x01\x00'), pdf]))).toBeNull();
    expect(sniffDocumentType(text('MZ'))).toBeNull();
  });

  it('when the bytes are HTML, SVG, GIF, ZIP or plain text, then null', () => {
    expect(sniffDocumentType(text('<!DOCTYPE html><html><body>%PDF-1.4 %%EOF</body></html>'))).toBeNull();
    expect(sniffDocumentType(text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffDocumentType(text('GIF89a\x01\x00\x01\x00\x00\x00\x00;'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('504b0304140000000800', 'hex'))).toBeNull();
    expect(sniffDocumentType(text('mrn,family_name\nA1,Rivera\n'))).toBeNull();
    expect(sniffDocumentType(Buffer.alloc(0))).toBeNull();
  });

  it('when %PDF- comes after other bytes, then it is no PDF (the header must open the file)', () => {
    expect(sniffDocumentType(Buffer.concat([text(' '), minimalPdf()]))).toBeNull();
    expect(sniffDocumentType(Buffer.concat([text('<html>'), minimalPdf()]))).toBeNull();
  });

  it('when a PDF has no %%EOF in its last 1024 bytes or a bad version, then null', () => {
    const pdf = minimalPdf();
    expect(sniffDocumentType(pdf.subarray(0, pdf.length - 7))).toBeNull();
    expect(sniffDocumentType(Buffer.concat([pdf, Buffer.alloc(1025, 0x20)]))).toBeNull();
    expect(sniffDocumentType(text('%PDF-\n%%EOF'))).toBeNull();
    expect(sniffDocumentType(text('%PDF-9.9\n%%EOF'))).toBeNull();
  });

  it('when a PNG lacks IHDR right after its signature, has a bad IHDR checksum or no IEND, then null', () => {
    const png = minimalPng();
    expect(sniffDocumentType(png.subarray(0, 8))).toBeNull();
    const renamed = Buffer.from(png);
    renamed.write('IHDX', 12, 'latin1');
    expect(sniffDocumentType(renamed)).toBeNull();
    const corrupted = Buffer.from(png);
    corrupted[20] ^= 0x01;
    expect(sniffDocumentType(corrupted)).toBeNull();
    expect(sniffDocumentType(png.subarray(0, png.length - 12))).toBeNull();
    expect(sniffDocumentType(Buffer.concat([png, text('PK\x03\x04')]))).toBeNull();
  });

  it('when a JPEG is cut short or carries data after its end marker, then null', () => {
    const jpeg = minimalJpeg();
    expect(sniffDocumentType(jpeg.subarray(0, jpeg.length - 2))).toBeNull();
    expect(sniffDocumentType(Buffer.concat([jpeg, text('<script>')]))).toBeNull();
    expect(sniffDocumentType(Buffer.from('ffd8ffd9', 'hex'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('ffd8ff00ffd9', 'hex'))).toBeNull();
  });
});
