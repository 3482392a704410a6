import { crc32, deflateSync } from 'node:zlib';
import { demoPdf } from '../demo/demo-documents.ts';

/** The smallest real documents of each accepted type: each opens in a viewer and passes file-types.ts. */
export const minimalPdf = (): Buffer => demoPdf(['PortalDesk test document']);

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** One grey pixel. */
export function minimalPng(): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One grey pixel, baseline: quantization table, frame, two one-code Huffman tables, one block. */
export const minimalJpeg = (): Buffer =>
  Buffer.from(
    `ffd8ffdb004300${'01'.repeat(64)}ffc0000b080001000101011100` + `ffc400140001${'00'.repeat(16)}ffc400141001${'00'.repeat(16)}ffda0008010100003f003fffd9`,
    'hex',
  );
