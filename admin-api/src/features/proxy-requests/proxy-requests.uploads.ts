import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, badRequest } from '../../lib/errors.ts';
import { DOCUMENT_TYPES } from '../../lib/file-types.ts';
import { readMultipart } from '../../lib/multipart.ts';
import { parseOrThrow } from '../../lib/validation.ts';
import type { NewDocument } from './proxy-requests.repo.ts';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_UPLOAD } from './proxy-requests.service.ts';

const ACCEPTED = Object.values(DOCUMENT_TYPES)
  .map((type) => type.label)
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');

/**
 * Reads the portal's multipart form: the JSON part `jsonPart` checked against `schema` (when
 * given), and the `documents` files, each a PDF, PNG or JPEG by its content (a file that is not
 * is refused with 415, named; its name and declared type are not believed).
 */
export async function readDocumentUpload<T extends z.ZodType>(
  req: Request,
  schema?: { jsonPart: string; body: T },
): Promise<{ body: z.output<T> | undefined; documents: NewDocument[] }> {
  const { fields, files } = await readMultipart(req, {
    fields: schema ? [schema.jsonPart] : [],
    fileFields: ['documents'],
    maxFileBytes: MAX_DOCUMENT_BYTES,
    maxFiles: MAX_DOCUMENTS_PER_UPLOAD,
    maxFieldBytes: 16 * 1024,
  });
  let body: z.output<T> | undefined;
  if (schema) {
    const raw = fields[schema.jsonPart];
    if (raw === undefined) throw badRequest(`The ${schema.jsonPart} part is missing: send it as JSON.`, { [schema.jsonPart]: 'is required: a JSON part' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest(`The ${schema.jsonPart} part is not valid JSON.`, { [schema.jsonPart]: 'is not valid JSON' }, 'malformed_json');
    }
    body = parseOrThrow(schema.body, parsed, `${schema.jsonPart} part`);
  }
  const documents = files.map((file, index) => {
    if (!file.type) {
      throw new AppError(
        415,
        'unsupported_document_type',
        `${file.fileName} is not a ${ACCEPTED} file, judged by its content (whatever its name or declared type).`,
        { [`documents[${index}]`]: `is not a ${ACCEPTED} file` },
      );
    }
    return { fileName: file.fileName, mediaType: file.type.mediaType, bytes: file.bytes, sha256: file.sha256, content: file.content };
  });
  return { body, documents };
}
