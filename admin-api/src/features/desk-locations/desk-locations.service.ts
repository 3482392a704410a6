import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { findDeskLocation, findDeskLocationNamed, insertDeskLocation, updateDeskLocation, type DeskLocationRow } from './desk-locations.repo.ts';

export interface DeskLocationDeps {
  knex: Knex;
  clock: Clock;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The refusal of a name another location has (whatever its case and spacing), naming that one;
 * a retired one is better restored than made again, or the report would split it in two.
 */
async function nameTaken(knex: Knex, name: string): Promise<AppError> {
  const holder = await findDeskLocationNamed(knex, name);
  const other = holder?.name ?? name;
  const [message, field] = holder?.retired_at
    ? [
        `“${other}” is the name of a retired location. Restore that one instead of adding it again.`,
        `is the name of the retired location “${other}”: restore that one instead`,
      ]
    : [`“${other}” is already a desk location. Choose another name, or use that one.`, `is already taken by “${other}”`];
  return new AppError(409, 'name_taken', message, { name: field });
}

/** Adds a place where codes are handed over; offered in the issue forms at once. */
export async function createDeskLocation(deps: DeskLocationDeps, actor: Actor, name: string): Promise<DeskLocationRow> {
  const created = await deps.knex.transaction(async (trx) => {
    const id = await insertDeskLocation(trx, name, actor.staffUserId, deps.clock());
    if (id === undefined) return undefined;
    await recordAudit(trx, actor, { action: 'create', resource: 'desk-locations', resourceId: id, details: { name } });
    return (await findDeskLocation(trx, id))!;
  });
  if (!created) throw await nameTaken(deps.knex, name);
  return created;
}

/** Renames a location, if it is still at the version the admin read; its codes follow the new name in the report. */
export async function renameDeskLocation(deps: DeskLocationDeps, actor: Actor, id: number, input: { name: string; version: number }): Promise<DeskLocationRow> {
  try {
    return await deps.knex.transaction(async (trx) => {
      const current = await findDeskLocation(trx, id, true);
      if (!current) throw notFound('Desk location');
      if (current.version !== input.version) {
        throw conflict(`“${current.name}” was changed by someone else since you opened it. Reload to see the change.`, 'stale_version');
      }
      await updateDeskLocation(trx, id, { name: input.name }, actor.staffUserId, deps.clock());
      await recordAudit(trx, actor, { action: 'edit', resource: 'desk-locations', resourceId: id, details: { name: { from: current.name, to: input.name } } });
      return (await findDeskLocation(trx, id))!;
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw await nameTaken(deps.knex, input.name);
    throw error;
  }
}

/**
 * Retires a location (`retire`) or brings it back: a retired one is no longer offered for new
 * codes, while the codes issued there keep its name in reports. Doing it twice changes nothing,
 * and keeps who retired it first.
 */
export async function setDeskLocationRetired(deps: DeskLocationDeps, actor: Actor, id: number, retire: boolean): Promise<DeskLocationRow> {
  return deps.knex.transaction(async (trx) => {
    const current = await findDeskLocation(trx, id, true);
    if (!current) throw notFound('Desk location');
    if ((current.retired_at !== null) === retire) return current;
    const now = deps.clock();
    await updateDeskLocation(
      trx,
      id,
      retire ? { retired_at: now, retired_by: actor.staffUserId } : { retired_at: null, retired_by: null },
      actor.staffUserId,
      now,
    );
    await recordAudit(trx, actor, {
      action: retire ? 'deactivate' : 'reactivate',
      resource: 'desk-locations',
      resourceId: id,
      details: { name: current.name },
    });
    return (await findDeskLocation(trx, id))!;
  });
}

/**
 * The location a code is being issued at, which must be offered for new codes: an unknown or
 * retired one is refused (422) naming the field, before any patient is touched.
 */
export async function requireActiveDeskLocation(knex: Knex, id: number, field: string): Promise<{ id: number; name: string }> {
  const location = await findDeskLocation(knex, id);
  if (!location)
    throw new AppError(422, 'location_unknown', 'No desk location has this id. Choose one from the list.', {
      [field]: 'is not a desk location: choose one from the list',
    });
  if (location.retired_at) {
    throw new AppError(422, 'location_retired', `“${location.name}” is retired and no longer takes new codes. Choose another desk location.`, {
      [field]: `is the retired location “${location.name}”: choose another`,
    });
  }
  return { id: location.id, name: location.name };
}
