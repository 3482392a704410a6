import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound, unprocessableEntity } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { readDocumentUpload } from '../proxy-requests/proxy-requests.uploads.ts';
import { DOCUMENT_COLUMNS } from './documents.repo.ts';
import { uploadPatientDocument } from './documents.service.ts';
import { documentList, documentRecord } from './documents.schema.ts';

/** Characters safe in a quoted filename parameter; the rest go in filename* (RFC 6266, RFC 8187). */
const contentDisposition = (fileName: string) =>
  `inline; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Documents patients and their representatives sent, served to the roles that review them. */
export function documentsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      tag: 'documents',
      summary: "A patient's documents (filter patient_id), newest first: what was sent, when, its size and SHA-256",
      permission: { action: 'list', resource: 'documents' },
      list: documentList,
      response: z.array(documentRecord),
      async handler({ res, actor, list }) {
        const where = { patient_id: list.filter.patient_id };
        const direction = list.sort.order === 'ASC' ? 'asc' : 'desc';
        const [rows, [{ count }]] = await Promise.all([
          deps
            .knex('documents')
            .select(DOCUMENT_COLUMNS)
            .where(where)
            .orderBy(list.sort.field === 'id' ? 'id' : 'received_at', direction)
            .orderBy('id', direction)
            .offset(list.offset)
            .limit(list.limit),
          deps.knex('documents').where(where).count<{ count: number }[]>({ count: '*' }),
        ]);
        await recordAudit(deps.knex, actor, { action: 'list', resource: 'documents', patientId: list.filter.patient_id });
        setContentRange(res, 'documents', list.offset, rows.length, { exact: Number(count) });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/documents',
      operationId: 'uploadPatientDocument',
      tag: 'documents',
      summary:
        'Upload one document for a patient (a multipart form with one `documents` file: PDF, PNG or JPEG by its content, at most 10 MB), such as the legal proof a correction of a name, birth date or sex needs',
      permission: { action: 'create', resource: 'documents' },
      params: z.object({ id: idParam }),
      upload: { mediaType: 'multipart/form-data', filePart: 'documents' },
      response: documentRecord,
      responds: { status: 201, description: "Stored, listed among the patient's documents" },
      errors: {
        413: 'file_too_large: the document is larger than 10 MB',
        415: 'unsupported_media_type: not multipart/form-data; unsupported_document_type: not a PDF, PNG or JPEG by its content',
        422: 'documents_required: no file was sent, or more than one',
      },
      async handler({ req, res, actor, params }) {
        const { documents } = await readDocumentUpload(req);
        if (documents.length !== 1) throw unprocessableEntity('documents_required', { documents: 'must be exactly one file' });
        res.status(201).json(await uploadPatientDocument(deps.knex, actor, params.id, documents[0]));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:id/content',
      operationId: 'getDocumentContent',
      tag: 'documents',
      summary:
        'The document itself (PDF, PNG or JPEG, as judged by its content when it arrived), for the viewer; never cached; audited as a read of the patient',
      permission: { action: 'show', resource: 'documents' },
      params: z.object({ id: idParam }),
      responds: { description: 'The file, with the media type its content showed', mediaType: 'application/pdf, image/png or image/jpeg' },
      async handler({ res, actor, params }) {
        const document: { file_name: string; media_type: string; content: Buffer; patient_id: number | null; proxy_request_id: number | null } | undefined =
          await deps.knex('documents').first('file_name', 'media_type', 'content', 'patient_id', 'proxy_request_id').where({ id: params.id });
        if (!document) throw notFound('Document');
        await recordAudit(deps.knex, actor, {
          action: 'show',
          resource: 'documents',
          resourceId: params.id,
          patientId: document.patient_id,
          details: { proxy_request_id: document.proxy_request_id },
        });
        // Only PDF, PNG and JPEG are ever stored (a check constraint), so each is shown inline with
        // its own type; nosniff (helmet) keeps the browser from reading it as anything else, and the
        // policy lets nothing in it run or load.
        res.set({
          'Content-Type': document.media_type,
          'Content-Disposition': contentDisposition(document.file_name),
          'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'",
        });
        res.send(document.content);
      },
    }),
  ];
}
