import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { batchIssueBody, issueCodeBody } from './activation-codes.schema.ts';
import { issueActivationCode, issueActivationCodes } from './activation-codes.service.ts';

export function activationCodesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/activation-codes/batch',
      tag: 'activation-codes',
      summary: 'Issue codes for up to 200 patients (ids and/or MRNs); answers the codes once and the refusals with reasons',
      permission: { action: 'create', resource: 'activation-codes' },
      body: batchIssueBody,
      responds: { status: 201, description: '{ issued: [...], refused: [...] }' },
      async handler({ res, actor, body }) {
        res.status(201).json(await issueActivationCodes(deps, actor, { patientIds: body.patient_ids, mrns: body.mrns, location: body.location ?? null }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/activation-codes',
      tag: 'activation-codes',
      summary: "Issue a patient's activation code (revokes earlier ones); the code is answered this once",
      permission: { action: 'create', resource: 'activation-codes' },
      params: z.object({ id: idParam }),
      body: issueCodeBody,
      responds: { status: 201, description: 'The code, formatted XXXXX-XXXXX-XXXXX, with its expiry' },
      async handler({ res, actor, params, body }) {
        res.status(201).json(await issueActivationCode(deps, actor, params.id, body.location ?? null));
      },
    }),
  ];
}
