import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, UNIQUE_VIOLATION, conflict, notFound } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import {
  findServiceLocation,
  findServiceLocationNamed,
  insertServiceLocation,
  listServiceLocations,
  updateServiceLocation,
  type ServiceLocationFields,
  type ServiceLocationRow,
} from './service-locations.repo.ts';
import { phoneDisplay, type CreateServiceLocationBody, type ServiceLocationFilter, type UpdateServiceLocationBody } from './service-locations.schema.ts';

export interface ServiceLocationDeps {
  knex: Knex;
  clock: Clock;
}

/** A location as the API answers it (instants still Dates): the billing phone also as people read it. */
export type ServiceLocationAnswer = ServiceLocationRow & { billing_phone_display: string };

/** A stored location as the API answers it. */
export function serviceLocationRecordOf(row: ServiceLocationRow): ServiceLocationAnswer {
  return { ...row, billing_phone_display: phoneDisplay(row.billing_phone) };
}

const fieldsOf = (body: CreateServiceLocationBody): ServiceLocationFields => ({
  name: body.name,
  billing_phone: body.billingPhone,
  accepts_online_payments: body.acceptsOnlinePayments,
});

/** The refusal of a name another location has (whatever its case and spacing), naming that one. */
async function nameTaken(knex: Knex, name: string): Promise<AppError> {
  const other = (await findServiceLocationNamed(knex, name))?.name ?? name;
  return new AppError(409, 'name_taken', `“${other}” is already a service location. Choose another name, or change that one.`, {
    name: `is already taken by “${other}”`,
  });
}

/** The locations, by name; reading them is audited like every admin list. */
export async function browseServiceLocations(deps: ServiceLocationDeps, actor: Actor, list: ListQuery<ServiceLocationFilter>) {
  const { rows, total } = await listServiceLocations(deps.knex, list.filter, list.sort, list.offset, list.limit);
  await recordAudit(deps.knex, actor, { action: 'list', resource: 'service-locations', details: { criteria: list.filter } });
  return { rows: rows.map(serviceLocationRecordOf), total };
}

/** One location. */
export async function getServiceLocation(deps: ServiceLocationDeps, actor: Actor, id: number): Promise<ServiceLocationAnswer> {
  const row = await findServiceLocation(deps.knex, id);
  if (!row) throw notFound('Service location');
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'service-locations', resourceId: id });
  return serviceLocationRecordOf(row);
}

/** Adds a place the hospital bills from; imports may name it at once. */
export async function createServiceLocation(deps: ServiceLocationDeps, actor: Actor, body: CreateServiceLocationBody): Promise<ServiceLocationAnswer> {
  const fields = fieldsOf(body);
  const created = await deps.knex.transaction(async (trx) => {
    const id = await insertServiceLocation(trx, fields, actor.staffUserId, deps.clock());
    if (id === undefined) return undefined;
    await recordAudit(trx, actor, { action: 'create', resource: 'service-locations', resourceId: id, details: { ...fields } });
    return (await findServiceLocation(trx, id))!;
  });
  if (!created) throw await nameTaken(deps.knex, body.name);
  return serviceLocationRecordOf(created);
}

/**
 * Changes a location, if it is still at the version the admin read. Every account billed there
 * answers its Pay Now from the new values at once: nothing is copied onto the accounts.
 */
export async function updateServiceLocationById(
  deps: ServiceLocationDeps,
  actor: Actor,
  id: number,
  body: UpdateServiceLocationBody,
): Promise<ServiceLocationAnswer> {
  const fields = fieldsOf(body);
  try {
    const updated = await deps.knex.transaction(async (trx) => {
      const current = await findServiceLocation(trx, id, true);
      if (!current) throw notFound('Service location');
      if (current.version !== body.version) {
        throw conflict(`“${current.name}” was changed by someone else since you opened it. Reload to see the change.`, 'stale_version');
      }
      await updateServiceLocation(trx, id, fields, actor.staffUserId, deps.clock());
      const changes = Object.fromEntries(
        (Object.keys(fields) as (keyof ServiceLocationFields)[])
          .filter((field) => current[field] !== fields[field])
          .map((field) => [field, { from: current[field], to: fields[field] }]),
      );
      await recordAudit(trx, actor, { action: 'edit', resource: 'service-locations', resourceId: id, details: changes });
      return (await findServiceLocation(trx, id))!;
    });
    return serviceLocationRecordOf(updated);
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw await nameTaken(deps.knex, body.name);
    throw error;
  }
}
