import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { dueAfterBusinessDays } from '../../lib/business-days.ts';
import type { BusinessCalendarStore } from '../../lib/business-calendar.ts';
import type { Clock } from '../../lib/clock.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { findPatientIdsByNameAndBirthDate } from '../patients/patients.repo.ts';
import {
  countIdentityChecks,
  findChart,
  findIdentityCheck,
  findNextOpenCase,
  listIdentityChecks,
  type IdentityCheckRow,
} from './identity-check-failures.repo.ts';
import type { IdentityCheckFilter, identityCheckFailureBody } from './identity-check-failures.schema.ts';

export interface IdentityCheckDeps {
  knex: Knex;
  settings: SettingsStore;
  calendar: BusinessCalendarStore;
  clock: Clock;
}

/** Adds when the case is due (business days on the business calendar) and whether it is overdue now. */
async function withDue(deps: IdentityCheckDeps, rows: IdentityCheckRow[]) {
  const days = await deps.settings.get('identity_checks.due_business_days');
  const calendar = await deps.calendar.get();
  const now = deps.clock().getTime();
  return rows.map((row) => {
    const due = dueAfterBusinessDays(row.reported_at, days, calendar);
    return { ...row, due_at: due, overdue: row.status === 'open' && due.getTime() < now };
  });
}

/** Support's queue of failed self-sign-up identity checks, oldest first; the read is audited. */
export async function browseIdentityChecks(deps: IdentityCheckDeps, actor: Actor, list: ListQuery<IdentityCheckFilter>) {
  const [rows, total] = await Promise.all([
    listIdentityChecks(deps.knex, list.filter, list.sort, list.offset, list.limit),
    countIdentityChecks(deps.knex, list.filter),
  ]);
  // The patients the queue showed find this look in their ledgers.
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'identity-check-failures',
    patientId: list.filter.patient_id ?? null,
    listedPatientIds: [...new Set(rows.flatMap((row) => (row.patient_id === null ? [] : [row.patient_id])))],
    details: { criteria: list.filter },
  });
  return { rows: await withDue(deps, rows), total };
}

/**
 * A case as support works it: the report with its due time, the matched patient's chart beside it
 * and the next open case of the queue. Its audit row names the patient, so the look at their
 * chart is in their access ledger.
 */
async function asCase(deps: IdentityCheckDeps, row: IdentityCheckRow) {
  const [withDueTime] = await withDue(deps, [row]);
  const chart = row.patient_id === null ? undefined : await findChart(deps.knex, row.patient_id);
  return { ...withDueTime, chart: chart ?? null, next_open_id: await findNextOpenCase(deps.knex, row) };
}

/** One case with the matched patient's chart beside the report: a read of that patient, audited as one. */
export async function showIdentityCheck(deps: IdentityCheckDeps, actor: Actor, id: number) {
  const row = await findIdentityCheck(deps.knex, id);
  if (!row) throw notFound('Identity check');
  await recordAudit(deps.knex, actor, {
    action: 'show',
    resource: 'identity-check-failures',
    resourceId: id,
    patientId: row.patient_id,
    details: { chart_shown: row.patient_id !== null },
  });
  return asCase(deps, row);
}

/**
 * Closes a case with what support did (confirmed identity and issued a code, or turned it away);
 * answers it as shown, with the next open case to go on to.
 */
export async function resolveIdentityCheck(
  deps: IdentityCheckDeps,
  actor: Actor,
  id: number,
  { version, resolution }: { version: number; resolution: string },
) {
  const resolved = await deps.knex.transaction(async (trx) => {
    const row = await findIdentityCheck(trx, id);
    if (!row) throw notFound('Identity check');
    if (row.status === 'resolved') throw conflict('This case is already resolved.', 'wrong_state');
    const updated = await trx('identity_check_failures')
      .where({ id, version })
      .update({ status: 'resolved', resolved_at: deps.clock(), resolved_by: actor.staffUserId, resolution, version: version + 1 });
    if (!updated) throw conflict('Someone else changed this case since you opened it. Reload, then try again.', 'stale_version');
    await recordAudit(trx, actor, {
      action: 'edit',
      resource: 'identity-check-failures',
      resourceId: id,
      patientId: row.patient_id,
      details: { resolved: true },
    });
    return (await findIdentityCheck(trx, id))!;
  });
  // After the commit: the due date reads settings, which must not wait for a pool connection inside it.
  return asCase(deps, resolved);
}

/**
 * Queues a failed self-sign-up identity check for support, linked to the patient when exactly
 * one has that name and birth date (names compared by their search keys, so accents, apostrophes,
 * hyphens and spaces do not matter). The portal hears only that the report was received: whether
 * it matched a patient is for support to see, not for whoever holds a portal token.
 */
export async function recordIdentityCheckFailure(knex: Knex, actor: Actor, report: z.output<typeof identityCheckFailureBody>): Promise<{ id: number }> {
  const matches = await findPatientIdsByNameAndBirthDate(knex, report, 2);
  const patientId = matches.length === 1 ? matches[0] : null;
  return knex.transaction(async (trx) => {
    const [{ id }] = await trx('identity_check_failures')
      .insert({
        reported_at: actor.clock(),
        family_name: report.familyName,
        given_name: report.givenName,
        date_of_birth: report.dateOfBirth,
        email: report.email ?? null,
        phone: report.phone ?? null,
        reason: report.reason,
        patient_id: patientId,
      })
      .returning('id');
    await recordAudit(trx, actor, { action: 'create', resource: 'identity-check-failures', resourceId: id, patientId });
    return { id };
  });
}
