import type { Knex } from 'knex';

/** DOMAIN's default age tiers, inserted when missing and never overwritten: admins change them. */
export async function seed(knex: Knex, now: Date): Promise<void> {
  await knex('proxy_age_tiers')
    .insert({
      state: 'default',
      teen_from_age: 13,
      adult_at_age: 18,
      teen_hidden_categories: ['reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use'],
      updated_at: now,
    })
    .onConflict('state')
    .ignore();
}
