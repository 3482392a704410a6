import type { Knex } from 'knex';

/**
 * Migrations run while API instances keep serving (a rolling deploy, several instances on one
 * database). Two kinds of change would stop them: building an index with a plain CREATE INDEX
 * locks the table's writes until it is done, and adding a NOT NULL column (or filling a new
 * column in one UPDATE) rewrites or locks every row at once. This file holds the rules that every
 * new migration is checked against (`db/src/migrations.test.ts`) and the batch backfill they ask for.
 */

/**
 * The last migration written before the rules (the first release's schema, built on empty
 * databases): it and those before it are history and stay as they are; every later one is checked.
 */
export const LAST_MIGRATION_BEFORE_RULES = '20261126100700_create_portal_password_resets.ts';

/** What makes a migration unsafe with instances running, one sentence each; empty when safe. */
export function onlineMigrationProblems(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const createdTables = new Set(
    [...code.matchAll(/createTable\(\s*['"`](\w+)['"`]|CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)/gi)].map((match) => (match[1] ?? match[2]).toLowerCase()),
  );
  const problems: string[] = [];
  for (const match of code.matchAll(/CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?\w+\s+ON\s+(?:ONLY\s+)?(\w+)/gi)) {
    const [, concurrently, table] = match;
    if (!concurrently && !createdTables.has(table.toLowerCase())) {
      problems.push(`CREATE INDEX on ${table}, a table this migration did not create, must be CONCURRENTLY`);
    }
  }
  if (/CONCURRENTLY/i.test(code) && !/export const config\s*=\s*\{\s*transaction:\s*false\s*\}/.test(code)) {
    problems.push('CONCURRENTLY cannot run inside a transaction: export const config = { transaction: false }');
  }
  for (const match of code.matchAll(/alterTable\(\s*['"`](\w+)['"`][\s\S]*?\n\s*\}\)/g)) {
    if (/\.(index|unique)\(/.test(match[0]))
      problems.push(`an index added to ${match[1]} through alterTable is not built CONCURRENTLY: use CREATE INDEX CONCURRENTLY`);
    if (/\.notNullable\(\)/.test(match[0]) && !/\.defaultTo\(/.test(match[0])) {
      problems.push(`a column added to ${match[1]} as NOT NULL without a default: add it nullable, backfill in batches, then add the constraint`);
    }
  }
  for (const match of code.matchAll(/ADD\s+COLUMN\s+(?:IF NOT EXISTS\s+)?(\w+)[^,;`]*/gi)) {
    if (/NOT NULL/i.test(match[0]) && !/DEFAULT|GENERATED/i.test(match[0])) {
      problems.push(`column ${match[1]} is added NOT NULL without a default: add it nullable, backfill in batches, then add the constraint`);
    }
  }
  return problems;
}

export interface BackfillOptions {
  table: string;
  /** The SET clause, e.g. `given_key = lower(given_name)`; it must make `where` false for the row. */
  set: string;
  /** Which rows still need it, e.g. `given_key IS NULL`. */
  where: string;
  /** The table's key column. */
  key?: string;
  batchSize?: number;
}

/**
 * Fills a new column a batch of rows at a time, each batch its own short transaction, so no lock
 * is held on more than `batchSize` rows and instances keep writing meanwhile (the migration
 * exports `config = { transaction: false }`). Rows an older instance inserts meanwhile still match
 * `where` and are taken by a later batch. Returns how many rows it updated.
 *
 * The batches walk the key upwards from where the last one ended: looking for the next rows from
 * the start of the table each time re-read every row already filled (and its dead version), which
 * made a million rows take minutes. A row whose lower key was committed after the walk passed it
 * is taken by a last sweep over the whole table.
 */
export async function backfillInBatches(knex: Knex, { table, set, where, key = 'id', batchSize = 5000 }: BackfillOptions): Promise<number> {
  let total = 0;
  let walkedTo: Knex.Value = null;
  for (;;) {
    const beyond: { sql: string; bindings: Knex.Value[] } = walkedTo === null ? { sql: '', bindings: [] } : { sql: 'AND ?? > ?', bindings: [key, walkedTo] };
    const result: { rows: { filled: number; walked_to: Knex.Value }[] } = await knex.raw(
      `WITH batch AS (SELECT ?? AS batch_key FROM ?? WHERE (${where}) ${beyond.sql} ORDER BY ?? LIMIT ?),
            filled AS (UPDATE ?? SET ${set} WHERE ?? IN (SELECT batch_key FROM batch) RETURNING 1)
       SELECT (SELECT count(*) FROM filled)::integer AS filled, (SELECT max(batch_key) FROM batch) AS walked_to`,
      [key, table, ...beyond.bindings, key, batchSize, table, key],
    );
    const [batch] = result.rows;
    if (batch.filled === 0) break;
    total += batch.filled;
    walkedTo = batch.walked_to;
  }
  // The sweep: rows committed behind the walk.
  for (;;) {
    const result = await knex.raw(`UPDATE ?? SET ${set} WHERE ?? IN (SELECT ?? FROM ?? WHERE ${where} ORDER BY ?? LIMIT ?)`, [
      table,
      key,
      key,
      table,
      key,
      batchSize,
    ]);
    const updated = (result as { rowCount: number }).rowCount;
    total += updated;
    if (updated === 0) return total;
  }
}
