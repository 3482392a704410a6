import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { ledgerEntryRecord, ledgerList } from './patient-access-ledger.schema.ts';
import { readAccessLedger } from './patient-access-ledger.service.ts';

/** Who looked at or changed one patient's record, or saw them listed, when, in which role, from where. */
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
      response: z.array(ledgerEntryRecord),
      async handler({ res, actor, list }) {
        const { entries, total } = await readAccessLedger(deps.knex, actor, list);
        setContentRange(res, 'patient-access-ledger', list.offset, entries.length, total);
        res.json(entries);
      },
    }),
  ];
}
