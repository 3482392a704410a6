import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { createCategoryBody, updateCategoryBody } from './result-categories.schema.ts';

const select = (knex: Knex | Knex.Transaction) =>
  knex('result_categories as c')
    .leftJoin('staff_users as s', 's.id', 'c.updated_by')
    .select(
      'c.code as id',
      'c.code',
      'c.name',
      'c.proxy_category',
      'c.hold_citation',
      'c.hold_days',
      'c.updated_at',
      's.display_name as updated_by_name',
      'c.version',
    );

/** Every category; a configuration, not patient data, so reading it is not audited. */
export async function listCategories(knex: Knex, sort: { field: string; order: 'ASC' | 'DESC' }) {
  // A category's id is its code.
  return select(knex).orderBy(`c.${sort.field === 'id' ? 'code' : sort.field}`, sort.order);
}

export async function showCategory(knex: Knex | Knex.Transaction, code: string) {
  const category = await select(knex).where('c.code', code).first();
  if (!category) throw notFound('Result category');
  return category;
}

const ruleOf = (body: { hold_citation: string | null; hold_days: number | null }) => ({ hold_citation: body.hold_citation, hold_days: body.hold_days });

/** A category the lab feed may name from now on. */
export async function createCategory(knex: Knex, actor: Actor, body: z.output<typeof createCategoryBody>) {
  return knex.transaction(async (trx) => {
    const inserted = await trx('result_categories')
      .insert({
        code: body.code,
        name: body.name,
        proxy_category: body.proxy_category,
        ...ruleOf(body),
        updated_at: actor.clock(),
        updated_by: actor.staffUserId,
      })
      .onConflict('code')
      .ignore()
      .returning('code');
    if (!inserted.length) throw new AppError(409, 'exists', `A category with the code ${body.code} exists already: change it instead.`);
    await recordAudit(trx, actor, { action: 'create', resource: 'result-categories', resourceId: body.code, details: { ...body } });
    return showCategory(trx, body.code);
  });
}

/**
 * Renames a category, marks it sensitive or not, or changes its state-law rule. A new rule applies
 * to results imported from now on; holds already placed keep the citation and end they were given.
 */
export async function updateCategory(knex: Knex, actor: Actor, code: string, body: z.output<typeof updateCategoryBody>) {
  return knex.transaction(async (trx) => {
    const current = await trx('result_categories').first('version').where({ code });
    if (!current) throw notFound('Result category');
    const updated = await trx('result_categories')
      .where({ code, version: body.version })
      .update({
        name: body.name,
        proxy_category: body.proxy_category,
        ...ruleOf(body),
        updated_at: actor.clock(),
        updated_by: actor.staffUserId,
        version: body.version + 1,
      });
    if (!updated) throw conflict('Someone else changed this category since you opened it. Reload, then try again.', 'stale_version');
    const { version: _version, ...change } = body;
    await recordAudit(trx, actor, { action: 'edit', resource: 'result-categories', resourceId: code, details: change });
    return showCategory(trx, code);
  });
}
