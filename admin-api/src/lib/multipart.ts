import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badRequest, type FieldErrors } from './errors.ts';
import { sniffDocumentType, type DocumentType } from './file-types.ts';
import { refuseControlCharacters, sentencesOf } from './validation.ts';

export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  /** The sender's name for it, safe to show and store: base name only, no control characters, at most 200 characters. */
  fileName: string;
  /** The Content-Type the sender claimed. Never trusted: `type` says what the bytes are. */
  declaredType: string;
  bytes: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  content: Buffer;
  /** What the content really is, or null when it is none of the accepted documents. */
  type: DocumentType | null;
}

export interface MultipartLimits {
  /** The text fields the form takes, each at most once. */
  fields: readonly string[];
  /** The fields that carry files; each may carry several, up to maxFiles in all. */
  fileFields: readonly string[];
  maxFileBytes: number;
  maxFiles: number;
  maxFieldBytes: number;
}

const FILE_NAME_LENGTH = 200;
/** A part's headers (busboy reads at most 16 KiB of them) and its boundary line. */
const PART_OVERHEAD_BYTES = 17 * 1024;
/** How long a refused body may keep arriving before its connection is cut. */
const DRAIN_MS = 10_000;

// C0 and C1 controls, DEL, and the bidirectional marks that make "fdp.exe" read as "exe.pdf".
const UNSAFE_IN_NAMES = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// RFC 2046: 1 to 70 characters, quoted when it holds more than token characters.
const BOUNDARY = /;\s*boundary\s*=\s*(?:"[0-9a-z'()+_,\-./:=? ]{0,69}[0-9a-z'()+_,\-./:=?]"|[0-9a-z'+_\-.]{1,70})\s*(?:;|$)/i;

function sizeLabel(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** The base name, without control or bidirectional characters, at most 200 characters; `document` when nothing is left. */
function safeFileName(sent: string | undefined): string {
  const base = (sent ?? '').replace(UNSAFE_IN_NAMES, '').split(/[/\\]/).pop()!;
  const name = Array.from(base.trim()).slice(0, FILE_NAME_LENGTH).join('').trim();
  return /^[.\s]*$/.test(name) ? 'document' : name;
}

/** A field name the sender chose, fit to echo in an error. */
function shownName(sent: string | undefined): string {
  const name = (sent ?? '').replace(UNSAFE_IN_NAMES, '');
  if (!name) return '(unnamed)';
  return name.length > 80 ? `${name.slice(0, 80)}…` : name;
}

const unsupportedMediaType = () => new AppError(415, 'unsupported_media_type', 'Send the form as multipart/form-data, with a boundary.');
// Parts are read as they arrive; a compressed body would be read as its compressed bytes.
const unsupportedEncoding = () => new AppError(415, 'unsupported_encoding', 'Send the form uncompressed (no Content-Encoding).');
const malformed = () => badRequest('The multipart form could not be read: it is malformed or ended early.');
const bodyTooLarge = () => new AppError(413, 'payload_too_large', 'The request body is too large.');
const refusal = (status: number, code: string, fields: FieldErrors, message = sentencesOf(fields)) => new AppError(status, code, message, fields);

function isMultipartFormData(contentType: string): boolean {
  const [mediaType] = contentType.split(';', 1);
  return mediaType.trim().toLowerCase() === 'multipart/form-data' && BOUNDARY.test(contentType);
}

/**
 * Reads a multipart/form-data body whose fields and file fields are all named in `limits`, and
 * refuses the request at the first part that breaks a rule: a name the form does not take, a text
 * field sent twice or holding control characters, a file where text belongs or text where a file
 * does, more files than allowed, a file or field larger than allowed, or a malformed body.
 *
 * Files are held in memory, hashed as they arrive and typed by their bytes, never by their name or
 * declared type. Text fields missing from the form are simply absent: validate `fields` with the
 * route's schema afterwards.
 *
 * A refusal rejects at once and stops parsing; the rest of the body is then read and discarded
 * (so the client, still sending, reads the answer instead of a reset connection) up to as much
 * again as the largest acceptable body, or for 10 seconds, after which the connection is cut.
 */
export async function readMultipart(req: Request, limits: MultipartLimits): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  if (!isMultipartFormData(req.get('Content-Type') ?? '')) throw unsupportedMediaType();
  if ((req.get('Content-Encoding') ?? 'identity').trim().toLowerCase() !== 'identity') throw unsupportedEncoding();
  if (req.readableEnded) throw new Error('readMultipart: the request body was already read');

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // Browsers send file names as UTF-8, not the latin1 busboy assumes by default.
      defParamCharset: 'utf8',
      // One byte past each limit, so that a file or field of exactly the limit is not taken as cut short.
      limits: { fileSize: limits.maxFileBytes + 1, fieldSize: limits.maxFieldBytes + 1 },
    });
  } catch {
    throw unsupportedMediaType();
  }

  // Parts busboy skips (no Content-Disposition) and a preamble or epilogue count towards this too.
  const largestBody =
    limits.maxFiles * (limits.maxFileBytes + PART_OVERHEAD_BYTES) + limits.fields.length * (limits.maxFieldBytes + PART_OVERHEAD_BYTES) + PART_OVERHEAD_BYTES;

  return new Promise((resolve, reject) => {
    const values = new Map<string, string>();
    const files: UploadedFile[] = [];
    let fileCount = 0;
    let phase: 'reading' | 'draining' | 'done' = 'reading';
    let received = 0;
    let discarded = 0;
    let drainTimer: NodeJS.Timeout | undefined;

    const fail = (error: unknown) => {
      if (phase !== 'reading') return;
      phase = 'draining';
      reject(error);
      // Not from inside busboy's own write, where the refusal was most likely raised.
      process.nextTick(() => parser.destroy());
      if (req.destroyed || req.readableEnded) return;
      drainTimer = setTimeout(() => req.destroy(), DRAIN_MS).unref();
      req.resume();
    };

    req.on('data', (chunk: Buffer) => {
      if (phase === 'reading') {
        received += chunk.length;
        if (received > largestBody) fail(bodyTooLarge());
        else if (!parser.write(chunk)) req.pause();
      } else if (phase === 'draining') {
        discarded += chunk.length;
        if (discarded > largestBody) req.destroy();
      }
    });
    req.on('end', () => {
      clearTimeout(drainTimer);
      if (phase === 'reading') parser.end();
    });
    req.on('error', () => fail(malformed()));
    req.on('close', () => {
      clearTimeout(drainTimer);
      if (!req.complete) fail(malformed());
    });

    parser.on('drain', () => {
      if (phase === 'reading') req.resume();
    });
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (phase !== 'reading') return;
      phase = 'done';
      resolve({ fields: Object.fromEntries(values), files });
    });

    parser.on('field', (name, value, info) => {
      if (phase !== 'reading') return;
      const shown = shownName(name);
      if (!limits.fields.includes(name)) {
        const predicate = limits.fileFields.includes(name) ? 'must be a file' : 'is not a field of this form';
        return fail(refusal(400, 'invalid_request', { [shown]: predicate }));
      }
      if (values.has(name)) return fail(refusal(400, 'invalid_request', { [shown]: 'was sent more than once' }));
      if (info.valueTruncated) return fail(refusal(413, 'field_too_large', { [shown]: `is larger than ${sizeLabel(limits.maxFieldBytes)}` }));
      try {
        refuseControlCharacters(value, name);
      } catch (error) {
        return fail(error);
      }
      values.set(name, value);
    });

    parser.on('file', (name, stream, info) => {
      const index = fileCount++;
      const part = `${shownName(name)}[${index}]`;
      stream.on('error', () => fail(malformed()));
      if (phase !== 'reading') return void stream.resume();
      if (!limits.fileFields.includes(name)) {
        stream.resume();
        const predicate = limits.fields.includes(name) ? 'must be text, not a file' : 'is not a field of this form';
        return fail(refusal(400, 'invalid_request', { [shownName(name)]: predicate }));
      }
      if (index >= limits.maxFiles) {
        stream.resume();
        const fields = { [part]: `goes over the limit of ${limits.maxFiles} ${limits.maxFiles === 1 ? 'file' : 'files'}` };
        return fail(refusal(413, 'too_many_files', fields, `Send at most ${limits.maxFiles} ${limits.maxFiles === 1 ? 'file' : 'files'} at once.`));
      }

      const fileName = safeFileName(info.filename);
      const tooLarge = () => {
        const predicate = `is larger than ${sizeLabel(limits.maxFileBytes)}`;
        return refusal(413, 'file_too_large', { [part]: predicate }, `${fileName} ${predicate}.`);
      };
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('limit', () => fail(tooLarge()));
      stream.on('data', (chunk: Buffer) => {
        if (phase !== 'reading') return;
        bytes += chunk.length;
        if (bytes > limits.maxFileBytes) return fail(tooLarge());
        hash.update(chunk);
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (phase !== 'reading') return;
        const content = Buffer.concat(chunks, bytes);
        files[index] = { field: name, fileName, declaredType: info.mimeType, bytes, sha256: hash.digest('hex'), content, type: sniffDocumentType(content) };
      });
    });
  });
}
