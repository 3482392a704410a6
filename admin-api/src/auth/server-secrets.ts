import { randomBytes } from 'node:crypto';
import type { Knex } from '@portaldesk/db';

/**
 * A secret shared by every API instance on this database, created by whichever instance starts
 * first. Lets several instances sign session cookies alike with no extra configuration.
 */
export async function sharedServerSecret(knex: Knex, name: string, now: Date): Promise<string> {
  await knex('server_secrets')
    .insert({ name, value: randomBytes(48).toString('base64url'), created_at: now })
    .onConflict('name')
    .ignore();
  const row = await knex('server_secrets').first('value').where({ name });
  return row!.value;
}
