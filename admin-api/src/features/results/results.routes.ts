import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { exportQuery, sendCsvDownload, setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { withSpooledCsv } from '../../lib/uploads.ts';
import { idParam } from '../../lib/validation.ts';
import { importResults } from './results.import.ts';
import {
  correctionList,
  correctionRecord,
  holdBody,
  holdFilter,
  holdList,
  holdOutcome,
  holdRecord,
  releaseBody,
  releaseOutcome,
  resultImportQuery,
  resultImportReport,
  resultList,
  resultRecord,
  withdrawBody,
} from './results.schema.ts';
import { browseCorrections, browseHolds, browseResults, exportHolds, placeHolds, releaseNow, withdrawHold } from './results.service.ts';

/** The largest results file the console accepts; the command line has no limit. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** Lab results: the feed's import, a patient's results, holds on a legal basis, release, and the hold register. */
export function resultsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/results/import',
      operationId: 'importResults',
      tag: 'results',
      summary: 'Import a lab results file (text/csv body): all or nothing, or a dry run; idempotent on the accession number; answers the report',
      permission: { action: 'import', resource: 'results' },
      upload: { mediaType: 'text/csv' },
      query: resultImportQuery,
      response: resultImportReport,
      responds: { status: 200, description: 'The import report: counts (new, corrected, unchanged, held by a rule) and the first 1,000 rejected rows' },
      errors: {
        400: 'csv_empty, csv_columns, csv_malformed: the file cannot be read as a results file at all',
        409: 'import_conflict: someone wrote some of these results during the import; nothing was written, run it again',
        413: 'file_too_large: the file is over 200 MB; split it',
      },
      async handler({ req, res, actor, query }) {
        res.json(
          await withSpooledCsv(req, res, MAX_IMPORT_BYTES, (file, signal) =>
            importResults(deps.knex, file, { actor, fileName: query.file_name, dryRun: query.dry_run, signal }),
          ),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/results',
      operationId: 'listResults',
      tag: 'results',
      summary:
        "A patient's results, newest first (filter patient_id, required; loinc_code; status), with the hold each is under; ROI and support get the status without the value",
      permission: { action: 'list', resource: 'results' },
      list: resultList,
      response: z.array(resultRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseResults(deps, actor, list);
        setContentRange(res, 'results', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/result-corrections',
      operationId: 'listResultCorrections',
      tag: 'results',
      summary:
        "A result's corrections by the lab, newest first (filter result_id, required): each changed field before and after, and whether the patient could have seen the earlier value",
      permission: { action: 'show', resource: 'result-values' },
      list: correctionList,
      response: z.array(correctionRecord),
      errors: { 404: 'not_found: no result has this id' },
      async handler({ res, actor, list }) {
        const { rows, total } = await browseCorrections(deps, actor, list);
        setContentRange(res, 'result-corrections', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/results/release',
      operationId: 'releaseResults',
      tag: 'results',
      summary: 'Release held results to the portal now, with a reason: their holds end as "released now"',
      permission: { action: 'release', resource: 'results' },
      body: releaseBody,
      response: releaseOutcome,
      errors: {
        409: 'not_held: a result is not held (any more); `details.resultIds` names them; nothing was released',
        422: 'release_refused: a result does not exist',
      },
      async handler({ res, actor, staff, body }) {
        res.json(await releaseNow(deps, actor, staff, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/result-holds',
      operationId: 'placeResultHolds',
      tag: 'result-holds',
      summary:
        'Hold results on a legal basis (patient request, preventing harm, state law), recorded as decided by the signed-in clinician; the same basis again extends a hold, another basis supersedes it without releasing the result',
      permission: { action: 'create', resource: 'result-holds' },
      body: holdBody,
      response: holdOutcome,
      responds: { status: 201, description: 'The results held and extended, and their holds' },
      errors: {
        422: 'hold_refused: a field the basis needs is missing or wrong (named), a result does not exist, no state-law rule covers its category, an extension would not end later, or a state-law hold would be extended',
      },
      async handler({ res, actor, staff, body }) {
        res.status(201).json(await placeHolds(deps, actor, staff, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/result-holds',
      operationId: 'listResultHolds',
      tag: 'result-holds',
      summary:
        'The hold register: every hold ever placed, with basis, who decided, when, until when and how it ended (filters patient_id, basis, open, ended_how, placed_from, placed_to, ends_before)',
      permission: { action: 'list', resource: 'result-holds' },
      list: holdList,
      response: z.array(holdRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseHolds(deps, actor, list);
        setContentRange(res, 'result-holds', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/result-holds/export',
      operationId: 'exportResultHolds',
      tag: 'result-holds',
      summary: 'The hold register as CSV (the same filter as the list), oldest first, times in the organization zone: the evidence for 45 CFR 171',
      permission: { action: 'export', resource: 'result-holds' },
      query: exportQuery(holdFilter),
      responds: { description: 'text/csv', mediaType: 'text/csv' },
      async handler({ res, actor, query }) {
        sendCsvDownload(res, 'result-holds', deps.clock()).send(await exportHolds(deps, actor, query.filter));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/result-holds/:id/withdraw',
      operationId: 'withdrawResultHold',
      tag: 'result-holds',
      summary: "A hold's basis is withdrawn (the patient asks to see the result, the harm no longer applies): the hold ends and the result is released",
      permission: { action: 'edit', resource: 'result-holds' },
      params: z.object({ id: idParam }),
      body: withdrawBody,
      response: holdRecord,
      errors: { 409: 'not_open, stale_version: the hold already ended or changed since it was read; `details.current` is the hold now' },
      async handler({ res, actor, staff, params, body }) {
        res.json(await withdrawHold(deps, actor, staff, params.id, body));
      },
    }),
  ];
}
