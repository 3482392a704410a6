import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
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
            .select('id', 'received_at', 'source', 'file_name', 'media_type', 'bytes', 'sha256', 'proxy_request_id')
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
