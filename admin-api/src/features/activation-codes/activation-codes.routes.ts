import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { recordAudit } from '../../lib/audit.ts';
import { weeklyActivationReport, weeklyReportCsv } from './activation-codes.report.ts';
import { batchIssueBody, batchIssueResult, issueCodeBody, issuedCodeRecord, reportQuery, weeklyActivationRow } from './activation-codes.schema.ts';
import { issueActivationCode, issueActivationCodes } from './activation-codes.service.ts';

export function activationCodesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/activation-codes/report',
      operationId: 'getActivationReport',
      tag: 'activation-codes',
      summary: 'Codes issued, redeemed and expired per week and location, with the redemption rate (counts only); CSV with format=csv',
      permission: { action: 'list', resource: 'activation-codes' },
      query: reportQuery,
      response: z.array(weeklyActivationRow),
      responds: { description: 'One row per week and location, oldest first; format=csv answers the same counts as a text/csv attachment instead' },
      async handler({ res, actor, query }) {
        const settings = await deps.settings.all();
        const rows = await weeklyActivationReport(deps.knex, settings['organization.time_zone'], deps.clock(), query.weeks);
        await recordAudit(deps.knex, actor, { action: 'report', resource: 'activation-codes', details: { weeks: query.weeks, format: query.format } });
        if (query.format === 'csv') {
          res.type('text/csv; charset=utf-8').attachment(`activation-codes-weekly.csv`).send(weeklyReportCsv(rows));
          return;
        }
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/activation-codes/batch',
      operationId: 'issueActivationCodes',
      tag: 'activation-codes',
      summary: 'Issue codes for up to 200 patients (ids and/or MRNs); answers the codes once and the refusals with reasons',
      permission: { action: 'create', resource: 'activation-codes' },
      body: batchIssueBody,
      response: batchIssueResult,
      responds: { status: 201, description: '{ issued: [...], refused: [...] }' },
      errors: { 422: 'location_unknown, location_retired: location_id is not an active desk location; no code was issued' },
      async handler({ res, actor, body }) {
        res.status(201).json(
          await issueActivationCodes(deps, actor, {
            patientIds: body.patient_ids,
            mrns: body.mrns,
            locationId: body.location_id ?? null,
            replaceLive: body.replace_live ?? false,
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/activation-codes',
      operationId: 'issueActivationCode',
      tag: 'activation-codes',
      summary: "Issue a patient's activation code (revokes earlier ones); the code is answered this once",
      permission: { action: 'create', resource: 'activation-codes' },
      params: z.object({ id: idParam }),
      body: issueCodeBody,
      response: issuedCodeRecord,
      responds: { status: 201, description: 'The code, formatted XXXXX-XXXXX-XXXXX, with its expiry' },
      errors: {
        409: 'patient_deceased, patient_too_young, account_exists, account_deactivated: this patient cannot get a code; the message says what to do instead',
        422: 'location_unknown, location_retired: location_id is not an active desk location',
      },
      async handler({ res, actor, params, body }) {
        res.status(201).json(await issueActivationCode(deps, actor, params.id, body.location_id ?? null));
      },
    }),
  ];
}
