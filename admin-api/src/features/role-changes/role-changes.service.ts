import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { csvLine } from '../../lib/csv.ts';
import { badRequest } from '../../lib/errors.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import { countRoleChangesUpTo, listRoleChanges, type RoleChangeRow } from './role-changes.repo.ts';
import type { RoleChangeFilter } from './role-changes.schema.ts';

/** The report counts this far, and an export holds at most this many rows. */
export const ROLE_CHANGES_CAP = 10_000;

/**
 * The privacy office's report of who was given or lost which role, by whom, and the attempts
 * that were refused (staff trying to change their own roles). Reading it is audited.
 */
export async function browseRoleChanges(knex: Knex, actor: Actor, list: ListQuery<RoleChangeFilter>): Promise<{ rows: RoleChangeRow[]; total: ListTotal }> {
  const { filter, sort, offset, limit } = list;
  if (offset >= ROLE_CHANGES_CAP) {
    throw badRequest(`Only the first ${ROLE_CHANGES_CAP} changes can be paged through; narrow the filter.`, {
      range: `starts beyond the first ${ROLE_CHANGES_CAP} rows`,
    });
  }
  await recordAudit(knex, actor, { action: 'list', resource: 'role-changes', details: { criteria: filter } });
  const rows = await listRoleChanges(knex, filter, sort, offset, limit);
  if (rows.length < limit && (rows.length > 0 || offset === 0)) return { rows, total: { exact: offset + rows.length } };
  const counted = await countRoleChangesUpTo(knex, filter, ROLE_CHANGES_CAP);
  return { rows, total: counted > ROLE_CHANGES_CAP ? { atLeast: ROLE_CHANGES_CAP } : { exact: counted } };
}

const EXPORT_COLUMNS = [
  'occurred_at',
  'change',
  'role',
  'staff_username',
  'staff_display_name',
  'changed_by_username',
  'changed_by_roles',
  'reason',
  'requested_roles',
  'client_address',
];

/** The report as CSV lines, newest first; audited before the first line, refused when too large. */
export async function exportRoleChanges(knex: Knex, actor: Actor, filter: RoleChangeFilter): Promise<string[]> {
  const rows = await listRoleChanges(knex, filter, { field: 'occurred_at', order: 'DESC' }, 0, ROLE_CHANGES_CAP + 1);
  if (rows.length > ROLE_CHANGES_CAP) {
    throw badRequest(`More than ${ROLE_CHANGES_CAP.toLocaleString('en-US')} changes match; narrow the filter (a time range).`, {
      filter: `matches more than ${ROLE_CHANGES_CAP} rows`,
    });
  }
  await recordAudit(knex, actor, { action: 'export', resource: 'role-changes', details: { criteria: filter, rows: rows.length } });
  return [
    csvLine(EXPORT_COLUMNS),
    ...rows.map((row) =>
      csvLine([
        row.occurred_at.toISOString(),
        row.change,
        row.role,
        row.staff_username,
        row.staff_display_name,
        row.changed_by_username,
        row.changed_by_roles.join(' '),
        row.reason,
        row.requested_roles?.join(' '),
        row.client_address,
      ]),
    ),
  ];
}
