import { crc32 } from 'node:zlib';

/** The kinds of document the API accepts, by what their bytes say they are. */
export const DOCUMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  png: { mediaType: 'image/png', extension: 'png', label: 'PNG' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
} as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[keyof typeof DOCUMENT_TYPES];

// ISO 32000 headers are %PDF-1.0 … %PDF-1.7 and %PDF-2.0.
const PDF_HEADER = /^%PDF-[12]\.\d/;
const PDF_END = Buffer.from('%%EOF');
/** How far from the end a PDF's last %%EOF may sit (readers tolerate trailing bytes, as here). */
const PDF_END_WINDOW = 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// An IHDR chunk's length (always 13) and type.
const PNG_IHDR = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
// The IEND chunk, complete: length 0, type, and its fixed CRC.
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Without the zero bytes some scanners and storage layers pad a file's end with. */
function withoutZeroPadding(content: Buffer): Buffer {
  let end = content.length;
  while (end > 0 && content[end - 1] === 0x00) end--;
  return content.subarray(0, end);
}

/**
 * The header must open the file: ISO 32000 lets readers look for it in the first 1024 bytes, but
 * whatever comes before it is what browsers and operating systems judge the file by, so an
 * executable (`MZ`…) or an HTML page carrying `%PDF-` a few bytes in is not taken for a PDF.
 */
function isPdf(content: Buffer): boolean {
  if (!PDF_HEADER.test(content.subarray(0, 8).toString('latin1'))) return false;
  return content.subarray(-PDF_END_WINDOW).includes(PDF_END);
}

/** Signature, then IHDR as the first chunk with a correct CRC, and IEND as the last. */
function isPng(content: Buffer): boolean {
  const ihdrEnd = PNG_SIGNATURE.length + 8 + 13 + 4;
  if (content.length < ihdrEnd + PNG_IEND.length) return false;
  if (!content.subarray(0, 8).equals(PNG_SIGNATURE) || !content.subarray(8, 16).equals(PNG_IHDR)) return false;
  if (crc32(content.subarray(12, 12 + 4 + 13)) !== content.readUInt32BE(12 + 4 + 13)) return false;
  return withoutZeroPadding(content).subarray(-PNG_IEND.length).equals(PNG_IEND);
}

/** SOI and a marker (FF D8 FF xx), and EOI (FF D9) at the end, less any zero padding. */
function isJpeg(content: Buffer): boolean {
  if (content.length < 6 || content[0] !== 0xff || content[1] !== 0xd8 || content[2] !== 0xff) return false;
  // The first segment's marker: APPn, DQT, SOFn, DHT… never a fill byte or a stuffed zero.
  if (content[3] < 0xc0 || content[3] === 0xff) return false;
  const trimmed = withoutZeroPadding(content);
  return trimmed.length >= 6 && trimmed[trimmed.length - 2] === 0xff && trimmed[trimmed.length - 1] === 0xd9;
}

/**
 * The type `content` really is, judged by its bytes alone (never its name or declared type), or
 * null. Both ends of the file are checked: a PDF starts with `%PDF-` at byte 0 and has `%%EOF` in
 * its last 1024 bytes; a PNG has its signature, a valid IHDR chunk right after it and ends with
 * IEND; a JPEG starts FF D8 FF and ends FF D9. Trailing zero bytes are allowed after PNG and JPEG.
 */
export function sniffDocumentType(content: Buffer): DocumentType | null {
  if (isPdf(content)) return DOCUMENT_TYPES.pdf;
  if (isPng(content)) return DOCUMENT_TYPES.png;
  if (isJpeg(content)) return DOCUMENT_TYPES.jpeg;
  return null;
}
