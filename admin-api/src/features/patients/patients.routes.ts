import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { withSpooledCsv } from '../../lib/uploads.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { importPatients } from './patients.import.ts';
import { patientImportQuery, patientImportReport, patientList, patientRecord, patientRow } from './patients.schema.ts';
import { patientCorrectionBody } from '../demographics/demographics.schema.ts';
import { correctPatient, findPatients, getPatient } from './patients.service.ts';

/** The largest extract the console accepts; the command line has no limit. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export function patientsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/patients/import',
      operationId: 'importPatients',
      tag: 'patients',
      summary: 'Import an EHR patient extract (text/csv body): all or nothing, or a dry run; answers the report',
      permission: { action: 'import', resource: 'patients' },
      upload: { mediaType: 'text/csv' },
      query: patientImportQuery,
      response: patientImportReport,
      responds: {
        status: 200,
        description:
          'The import report: counts, the first 1,000 rejected rows and the first 1,000 conflicts (fields kept because staff changed them after the extract)',
      },
      errors: {
        400: 'csv_empty, csv_columns, csv_malformed: the file cannot be read as a patient extract at all; validation_failed: a query parameter is wrong, or extracted_at is in the future',
        409: 'import_conflict: someone wrote some of these patients during the import; nothing was written, run it again',
        413: 'file_too_large: the file is over 200 MB; split it',
      },
      async handler({ req, res, actor, query }) {
        res.json(
          await withSpooledCsv(req, res, MAX_IMPORT_BYTES, (file, signal) =>
            importPatients(deps.knex, file, { actor, fileName: query.file_name, dryRun: query.dry_run, extractedAt: query.extracted_at, signal }),
          ),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients',
      operationId: 'listPatients',
      tag: 'patients',
      summary: 'Search patients by name (prefix or contains), MRN or date of birth',
      permission: { action: 'list', resource: 'patients' },
      list: patientList,
      response: z.array(patientRow),
      async handler({ res, actor, list }) {
        const { rows, total } = await findPatients(deps, actor, list);
        setContentRange(res, 'patients', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id',
      operationId: 'getPatient',
      tag: 'patients',
      summary: "A patient's record with age and contact details",
      permission: { action: 'show', resource: 'patients' },
      params: z.object({ id: idParam }),
      response: patientRecord,
      async handler({ res, actor, params }) {
        res.json(await getPatient(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/patients/:id',
      operationId: 'correctPatient',
      tag: 'patients',
      summary:
        "Correct a patient's demographics (only the fields sent; address parts merge into the address), with a reason and the version read; a legal name, date of birth or sex also needs a document uploaded for the patient",
      permission: { action: 'edit', resource: 'patients' },
      params: z.object({ id: idParam }),
      body: patientCorrectionBody,
      response: patientRecord,
      errors: {
        409: 'stale_version: someone saved the patient after the version sent; `details.current` is the record now and `details.changes` what they changed',
        422: 'reason_required, no_change, invalid_value (a code outside its value set, an unsupported language, an incomplete address: named), document_required, document_unknown',
      },
      async handler({ res, actor, params, body }) {
        res.json(await correctPatient(deps, actor, params.id, body));
      },
    }),
  ];
}
