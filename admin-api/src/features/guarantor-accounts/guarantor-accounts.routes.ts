import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { withSpooledCsv } from '../../lib/uploads.ts';
import { idParam } from '../../lib/validation.ts';
import { importGuarantorAccounts } from './guarantor-accounts.import.ts';
import {
  guarantorAccountDetail,
  guarantorAccountImportQuery,
  guarantorAccountImportReport,
  guarantorAccountList,
  guarantorAccountRecord,
} from './guarantor-accounts.schema.ts';
import { browseGuarantorAccounts, getGuarantorAccount } from './guarantor-accounts.service.ts';

/** The largest accounts file the console accepts; the command line has no limit. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const byId = z.object({ id: idParam });

/** The billing system's guarantor accounts: imported by admins, read by billing with their Pay Now answer. */
export function guarantorAccountsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/guarantor-accounts/import',
      operationId: 'importGuarantorAccounts',
      tag: 'guarantor-accounts',
      summary:
        'Import a guarantor accounts file from the billing system (text/csv body): all or nothing, or a dry run; idempotent on the account number; answers the report',
      permission: { action: 'import', resource: 'guarantor-accounts' },
      upload: { mediaType: 'text/csv' },
      query: guarantorAccountImportQuery,
      response: guarantorAccountImportReport,
      responds: { status: 200, description: 'The import report: counts (new, updated, unchanged) and the first 1,000 rejected rows' },
      errors: {
        400: 'csv_empty, csv_columns, csv_malformed: the file cannot be read as a guarantor accounts file at all',
        409: 'import_conflict: someone wrote some of these accounts during the import; nothing was written, run it again',
        413: 'file_too_large: the file is over 50 MB; split it',
      },
      async handler({ req, res, actor, query }) {
        res.json(
          await withSpooledCsv(req, res, MAX_IMPORT_BYTES, (file, signal) =>
            importGuarantorAccounts(deps.knex, file, { actor, fileName: query.file_name, dryRun: query.dry_run, signal }),
          ),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/guarantor-accounts',
      operationId: 'listGuarantorAccounts',
      tag: 'guarantor-accounts',
      summary:
        'Guarantor accounts with their Pay Now answer (filters q: account number prefix or guarantor name; patient_id, service_location_id, pay_now_reason)',
      permission: { action: 'list', resource: 'guarantor-accounts' },
      list: guarantorAccountList,
      response: z.array(guarantorAccountRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseGuarantorAccounts(deps, actor, list);
        setContentRange(res, 'guarantor-accounts', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/guarantor-accounts/:id',
      operationId: 'getGuarantorAccount',
      tag: 'guarantor-accounts',
      summary: 'One account: guarantor and address, balance, location with its billing phone, the patients on it, and Pay Now with its reason',
      permission: { action: 'show', resource: 'guarantor-accounts' },
      params: byId,
      response: guarantorAccountDetail,
      async handler({ res, actor, params }) {
        res.json(await getGuarantorAccount(deps, actor, params.id));
      },
    }),
  ];
}
