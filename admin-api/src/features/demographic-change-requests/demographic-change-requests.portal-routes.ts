import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { demographicChangeRequestBody } from '../demographics/demographics.schema.ts';
import { changeRequestForPortal, changeRequestReceived } from './demographic-change-requests.schema.ts';
import { showChangeRequestToPortal, submitChangeRequest } from './demographic-change-requests.service.ts';

/** What the portal sends and reads about the demographic changes a patient asks for. */
export function demographicChangeRequestPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/demographic-change-requests',
      operationId: 'submitDemographicChangeRequest',
      tag: 'demographic-change-requests',
      summary:
        'A patient asks to change race, ethnicity, preferred language, sexual orientation, gender identity, address, email or phone; ROI reviews each field',
      permission: 'portal-token',
      body: demographicChangeRequestBody,
      response: changeRequestReceived,
      responds: { status: 201, description: 'Received; ROI reviews it within the business days the hospital set' },
      errors: {
        422: 'staff_only_field (legal name, date of birth, sex: contact Registration), invalid_value (a code outside its value set, an unsupported language: named), account_unknown, account_inactive, no_change',
      },
      async handler({ res, actor, body }) {
        res.status(201).json(await submitChangeRequest(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/demographic-change-requests/:id',
      operationId: 'getDemographicChangeRequestStatus',
      tag: 'demographic-change-requests',
      summary: "Each field's outcome: pending, accepted, or rejected with the reviewer's reason for the patient",
      permission: 'portal-token',
      params: z.object({ id: idParam }),
      response: changeRequestForPortal,
      async handler({ res, actor, params }) {
        res.json(await showChangeRequestToPortal(deps, actor, params.id));
      },
    }),
  ];
}
