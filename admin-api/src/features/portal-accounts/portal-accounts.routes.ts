import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { accountVersionBody, deactivateAccountBody, passwordResetSent, portalAccountPanelRecord, portalAccountRecord } from './portal-accounts.schema.ts';
import { changeAccount, portalAccountPanel, sendPortalPasswordReset } from './portal-accounts.service.ts';

const patientParams = z.object({ id: idParam });

/** The "why can't they log in" panel and support's fixes, all under the patient's URL. */
export function portalAccountsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/patients/:id/portal-account',
      operationId: 'getPortalAccount',
      tag: 'portal-accounts',
      summary: "The patient's portal account: its state, the facts behind it and the next safe actions",
      permission: { action: 'show', resource: 'portal-accounts' },
      params: patientParams,
      response: portalAccountPanelRecord,
      async handler({ res, actor, params }) {
        res.json(await portalAccountPanel(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/portal-account/unlock',
      operationId: 'unlockPortalAccount',
      tag: 'portal-accounts',
      summary: 'Unlock an account locked after failed sign-ins',
      permission: { action: 'unlock', resource: 'portal-accounts' },
      params: patientParams,
      body: accountVersionBody,
      response: portalAccountRecord,
      errors: { 409: 'stale_version: someone changed the account since you read it; reload. wrong_state: the account is not locked' },
      async handler({ res, actor, params, body }) {
        res.json(await changeAccount(deps, actor, params.id, 'unlock', body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/portal-account/deactivate',
      operationId: 'deactivatePortalAccount',
      tag: 'portal-accounts',
      summary: 'Deactivate the account, with a reason',
      permission: { action: 'deactivate', resource: 'portal-accounts' },
      params: patientParams,
      body: deactivateAccountBody,
      response: portalAccountRecord,
      errors: { 409: 'stale_version: someone changed the account since you read it; reload. wrong_state: the account is deactivated already' },
      async handler({ res, actor, params, body }) {
        res.json(await changeAccount(deps, actor, params.id, 'deactivate', body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/portal-account/reactivate',
      operationId: 'reactivatePortalAccount',
      tag: 'portal-accounts',
      summary: 'Reactivate a deactivated account',
      permission: { action: 'reactivate', resource: 'portal-accounts' },
      params: patientParams,
      body: accountVersionBody,
      response: portalAccountRecord,
      errors: { 409: 'stale_version: someone changed the account since you read it; reload. wrong_state: the account is not deactivated' },
      async handler({ res, actor, params, body }) {
        res.json(await changeAccount(deps, actor, params.id, 'reactivate', body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/patients/:id/portal-account/password-reset',
      operationId: 'sendPortalPasswordReset',
      tag: 'portal-accounts',
      summary: 'Email the patient a one-time portal password-reset link (staff never see it)',
      permission: { action: 'reset-password', resource: 'portal-accounts' },
      params: patientParams,
      response: passwordResetSent,
      errors: { 409: 'wrong_state: the account is deactivated, reactivate it first; no_email: no email address on file for the patient' },
      async handler({ res, actor, params }) {
        res.json(await sendPortalPasswordReset(deps, actor, params.id));
      },
    }),
  ];
}
