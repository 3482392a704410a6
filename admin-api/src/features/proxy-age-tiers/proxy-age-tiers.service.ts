import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { createTierBody, updateTierBody } from './proxy-age-tiers.schema.ts';

const select = (knex: Knex | Knex.Transaction) =>
  knex('proxy_age_tiers as t')
    .leftJoin('staff_users as s', 's.id', 't.updated_by')
    .select(
      't.state as id',
      't.teen_from_age',
      't.adult_at_age',
      't.teen_hidden_categories as hidden_categories',
      't.updated_at',
      's.display_name as updated_by_name',
      't.version',
    );

/** The default row first, then the states in order. */
export async function listTiers(knex: Knex, actor: Actor) {
  await recordAudit(knex, actor, { action: 'list', resource: 'proxy-age-tiers' });
  return select(knex).orderByRaw("(t.state <> 'default')").orderBy('t.state');
}

export async function showTier(knex: Knex | Knex.Transaction, state: string) {
  const tier = await select(knex).where('t.state', state).first();
  if (!tier) throw notFound('Age tier');
  return tier;
}

/** A state of its own: its rules apply to patients whose address is in it. */
export async function createTier(knex: Knex, actor: Actor, body: z.output<typeof createTierBody>) {
  return knex.transaction(async (trx) => {
    const inserted = await trx('proxy_age_tiers')
      .insert({
        state: body.state,
        teen_from_age: body.teenFromAge,
        adult_at_age: body.adultAtAge,
        teen_hidden_categories: body.hiddenCategories,
        updated_at: actor.clock(),
        updated_by: actor.staffUserId,
      })
      .onConflict('state')
      .ignore()
      .returning('state');
    if (!inserted.length) throw new AppError(409, 'exists', `${body.state} has its own age rules already: change them instead.`);
    await recordAudit(trx, actor, { action: 'create', resource: 'proxy-age-tiers', resourceId: body.state });
    return showTier(trx, body.state);
  });
}

export async function updateTier(knex: Knex, actor: Actor, state: string, body: z.output<typeof updateTierBody>) {
  return knex.transaction(async (trx) => {
    const current = await trx('proxy_age_tiers').first('version').where({ state });
    if (!current) throw notFound('Age tier');
    const updated = await trx('proxy_age_tiers')
      .where({ state, version: body.version })
      .update({
        teen_from_age: body.teenFromAge,
        adult_at_age: body.adultAtAge,
        teen_hidden_categories: body.hiddenCategories,
        updated_at: actor.clock(),
        updated_by: actor.staffUserId,
        version: body.version + 1,
      });
    if (!updated) throw conflict('Someone else changed these age rules since you opened them. Reload, then try again.', 'stale_version');
    await recordAudit(trx, actor, {
      action: 'edit',
      resource: 'proxy-age-tiers',
      resourceId: state,
      details: { teen_from_age: body.teenFromAge, adult_at_age: body.adultAtAge, hidden_categories: body.hiddenCategories },
    });
    return showTier(trx, state);
  });
}

/** A state's own rules go; its patients follow the default again. The default itself stays. */
export async function deleteTier(knex: Knex, actor: Actor, state: string) {
  if (state === 'default') throw new AppError(409, 'default_stays', 'The default age rules apply wherever a state has none; change them instead.');
  return knex.transaction(async (trx) => {
    const tier = await showTier(trx, state);
    await trx('proxy_age_tiers').where({ state }).delete();
    await recordAudit(trx, actor, { action: 'delete', resource: 'proxy-age-tiers', resourceId: state });
    return tier;
  });
}
