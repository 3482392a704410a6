import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { auditEventRecord } from '../audit-events/audit-events.schema.ts';
import { browseAuditEvents } from '../audit-events/audit-events.service.ts';
import { ledgerList } from './patient-access-ledger.schema.ts';

/** Who looked at or changed one patient's record, when, in which role, from where. */
export function patientAccessLedgerRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/patient-access-ledger',
      operationId: 'listPatientAccessLedger',
      tag: 'patient-access-ledger',
      summary: "One patient's access ledger (filter.patient_id is required)",
      permission: { action: 'list', resource: 'patient-access-ledger' },
      list: ledgerList,
      // The ledger is the audit trail filtered to one patient: its rows are the audit trail's.
      response: z.array(auditEventRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseAuditEvents(deps.knex, actor, list, 'patient-access-ledger');
        setContentRange(res, 'patient-access-ledger', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
  ];
}
