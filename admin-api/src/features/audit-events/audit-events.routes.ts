import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { sendCsvDownload, setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { findAuditEvent } from './audit-events.repo.ts';
import { auditEventExportQuery, auditEventList, auditEventRecord } from './audit-events.schema.ts';
import { browseAuditEvents, exportAuditEvents } from './audit-events.service.ts';

export function auditEventsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit-events',
      operationId: 'listAuditEvents',
      tag: 'audit-events',
      summary: 'Browse the audit trail by staff user, patient, action, outcome and time',
      permission: { action: 'list', resource: 'audit-events' },
      list: auditEventList,
      response: z.array(auditEventRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseAuditEvents(deps.knex, actor, list, 'audit-events');
        setContentRange(res, 'audit-events', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit-events/export',
      operationId: 'exportAuditEvents',
      tag: 'audit-events',
      summary: 'Download the audit rows matching a filter as CSV (at most 100,000 rows)',
      permission: { action: 'export', resource: 'audit-events' },
      query: auditEventExportQuery,
      responds: { status: 200, description: 'text/csv, newest first', mediaType: 'text/csv' },
      async handler({ res, actor, query }) {
        const lines = await exportAuditEvents(deps.knex, actor, query.filter, (await deps.settings.all())['organization.time_zone']);
        await pipeline(Readable.from(lines), sendCsvDownload(res, 'audit-log', deps.clock()));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit-events/:id',
      operationId: 'getAuditEvent',
      tag: 'audit-events',
      summary: 'One audit event',
      permission: { action: 'show', resource: 'audit-events' },
      params: z.object({ id: idParam }),
      response: auditEventRecord,
      async handler({ res, actor, params }) {
        const row = await findAuditEvent(deps.knex, params.id);
        if (!row) throw notFound('Audit event');
        await recordAudit(deps.knex, actor, { action: 'show', resource: 'audit-events', resourceId: params.id, patientId: row.patient_id });
        res.json(row);
      },
    }),
  ];
}
