import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, migrate, pendingMigrations, rollbackAllMigrations, type Knex } from './index.ts';
import { backfillInBatches, LAST_MIGRATION_BEFORE_RULES, onlineMigrationProblems } from './online-migrations.ts';
import { provisionTestDatabase, type TestDatabase } from './testing.ts';

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

let database: TestDatabase;
let owner: Knex;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_migrations');
  owner = createKnex(database.ownerConnectionString, 3);
});
afterAll(async () => {
  await owner?.destroy();
  await database?.teardown();
});

const tables = async () =>
  (await owner.raw<{ rows: { name: string }[] }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map(
    (row) => row.name,
  );

describe('migrations', () => {
  it('when every migration is undone and applied again, then the schema comes back whole and nothing is pending', async () => {
    const before = await tables();
    const undone = await rollbackAllMigrations(owner);
    expect(undone.length).toBeGreaterThan(20);
    expect((await tables()).filter((name) => !name.startsWith('knex_'))).toEqual([]);
    const { applied } = await migrate(owner, { now: new Date() });
    expect(applied).toEqual([...undone].reverse());
    expect(await tables()).toEqual(before);
    expect(await pendingMigrations(owner)).toEqual([]);
  });

  it('every migration since the first release is safe to run while instances serve', async () => {
    const files = (await fs.readdir(migrationsFolder)).filter((file) => file > LAST_MIGRATION_BEFORE_RULES).sort();
    expect(files.length).toBeGreaterThan(0);
    const problems = await Promise.all(
      files.map(async (file) => onlineMigrationProblems(await fs.readFile(path.join(migrationsFolder, file), 'utf8')).map((problem) => `${file}: ${problem}`)),
    );
    expect(problems.flat()).toEqual([]);
  });
});

describe('the rules for migrations that run beside live instances', () => {
  it('when an index is added to an existing table without CONCURRENTLY, then it is named as a problem', () => {
    expect(onlineMigrationProblems("await knex.raw('CREATE INDEX patients_x_idx ON patients (x)')")).toEqual([
      'CREATE INDEX on patients, a table this migration did not create, must be CONCURRENTLY',
    ]);
    expect(onlineMigrationProblems("await knex.schema.alterTable('patients', (table) => {\n  table.index(['x']);\n});")).toEqual([
      'an index added to patients through alterTable is not built CONCURRENTLY: use CREATE INDEX CONCURRENTLY',
    ]);
  });

  it('when CONCURRENTLY is used inside the migration transaction, then it is named as a problem; outside it, it passes', () => {
    const build = "await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS patients_x_idx ON patients (x)')";
    expect(onlineMigrationProblems(build)).toEqual(['CONCURRENTLY cannot run inside a transaction: export const config = { transaction: false }']);
    expect(onlineMigrationProblems(`export const config = { transaction: false };\n${build}`)).toEqual([]);
  });

  it('when a column is added NOT NULL without a default, then it is named as a problem; nullable or with a default, it passes', () => {
    expect(onlineMigrationProblems("await knex.raw('ALTER TABLE patients ADD COLUMN x text NOT NULL')")).toEqual([
      'column x is added NOT NULL without a default: add it nullable, backfill in batches, then add the constraint',
    ]);
    expect(onlineMigrationProblems("await knex.schema.alterTable('patients', (table) => {\n  table.text('x').notNullable();\n});")).toHaveLength(1);
    expect(onlineMigrationProblems("await knex.raw('ALTER TABLE patients ADD COLUMN x text')")).toEqual([]);
    expect(onlineMigrationProblems("await knex.raw('ALTER TABLE patients ADD COLUMN n integer NOT NULL DEFAULT 0')")).toEqual([]);
  });

  it('when a migration creates a table, then indexing it in the same migration needs no CONCURRENTLY', () => {
    expect(onlineMigrationProblems("await knex.schema.createTable('jobs', () => {});\nawait knex.raw('CREATE INDEX jobs_idx ON jobs (id)')")).toEqual([]);
  });

  it('when a new column is backfilled in batches, then each batch commits on its own and a row being written holds up only its batch', async () => {
    await owner.raw('CREATE TABLE backfill_rows (id bigint PRIMARY KEY, name text NOT NULL)');
    await owner.raw("INSERT INTO backfill_rows SELECT n, 'name ' || n FROM generate_series(1, 2500) AS n");
    await owner.raw('ALTER TABLE backfill_rows ADD COLUMN name_key text');
    const filled = async () => Number((await owner('backfill_rows').whereNotNull('name_key').count({ count: '*' }))[0].count);

    // A live instance is in the middle of writing row 2500, in the third batch.
    const writer = await owner.transaction();
    await writer.raw('SELECT id FROM backfill_rows WHERE id = 2500 FOR UPDATE');
    const backfill = backfillInBatches(owner, { table: 'backfill_rows', set: 'name_key = upper(name)', where: 'name_key IS NULL', batchSize: 1000 });
    await expect.poll(filled, { timeout: 10_000 }).toBe(2000);
    await writer.commit();

    expect(await backfill).toBe(2500);
    expect(await filled()).toBe(2500);
    expect((await owner('backfill_rows').where({ id: 2500 }).first()).name_key).toBe('NAME 2500');
    await owner.raw('DROP TABLE backfill_rows');
  });

  it('when a row the batches have already passed is committed meanwhile, then the backfill still fills it', async () => {
    await owner.raw('CREATE TABLE backfill_late_rows (id bigint PRIMARY KEY, name text NOT NULL)');
    await owner.raw("INSERT INTO backfill_late_rows SELECT n, 'name ' || n FROM generate_series(11, 2510) AS n");
    await owner.raw('ALTER TABLE backfill_late_rows ADD COLUMN name_key text');
    const filled = async () => Number((await owner('backfill_late_rows').whereNotNull('name_key').count({ count: '*' }))[0].count);

    const writer = await owner.transaction();
    await writer.raw('SELECT id FROM backfill_late_rows WHERE id = 2510 FOR UPDATE');
    const backfill = backfillInBatches(owner, { table: 'backfill_late_rows', set: 'name_key = upper(name)', where: 'name_key IS NULL', batchSize: 1000 });
    await expect.poll(filled, { timeout: 10_000 }).toBe(2000);
    // An instance that took its key before the batches began commits its row only now.
    await owner('backfill_late_rows').insert({ id: 5, name: 'late' });
    await writer.commit();

    expect(await backfill).toBe(2501);
    expect(await filled()).toBe(2501);
    expect((await owner('backfill_late_rows').where({ id: 5 }).first()).name_key).toBe('LATE');
    await owner.raw('DROP TABLE backfill_late_rows');
  });
});
