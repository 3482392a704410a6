import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Knex } from '@portaldesk/db';
import { PATIENT_COPY_COLUMNS, patientCopyText } from './synthetic-patients.ts';

/** How long each step of the load took. */
export interface LoadTimings {
  rows: number;
  copyMs: number;
  indexMs: number;
  vacuumMs: number;
}

const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function copyPatients(connectionString: string, rows: number, seed: number): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: 'portaldesk-bench-load' });
  // A teardown during the load (Ctrl-C) terminates this connection; report that through the COPY's failure, not a crash.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const copy = client.query(copyFrom(`COPY patients (${PATIENT_COPY_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(patientCopyText(rows, seed)), copy);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The search indexes the migrations created on patients: every index but the key and MRN constraints'. */
async function searchIndexDefinitions(knex: Knex): Promise<{ name: string; definition: string }[]> {
  const { rows } = await knex.raw<{ rows: { name: string; definition: string }[] }>(`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'patients'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`);
  return rows;
}

/**
 * Loads `rows` synthetic patients into the empty, migrated `patients` table.
 *
 * The search indexes (a GIN trigram index among them) make COPY four times slower (1M rows on
 * the 2-core machine: 17 s into the indexed table; 3-4 s without them plus 4-5 s to build them),
 * so they are dropped first and rebuilt afterwards from their own definitions: the benchmark
 * measures exactly the indexes the migrations create. The VACUUM leaves the table as a
 * settled production table would be (visibility map set, hint bits written) and keeps autovacuum
 * from starting on a million fresh rows in the middle of the measurements.
 */
export async function loadPatients(knex: Knex, connectionString: string, rows: number, seed: number): Promise<LoadTimings> {
  const searchIndexes = await searchIndexDefinitions(knex);
  for (const { name } of searchIndexes) await knex.raw('DROP INDEX ??', [name]);
  let start = process.hrtime.bigint();
  await copyPatients(connectionString, rows, seed);
  const copyMs = elapsedMs(start);

  start = process.hrtime.bigint();
  for (const { definition } of searchIndexes) await knex.raw(definition);
  const indexMs = elapsedMs(start);

  start = process.hrtime.bigint();
  await knex.raw('VACUUM (ANALYZE) patients');
  const vacuumMs = elapsedMs(start);
  return { rows, copyMs, indexMs, vacuumMs };
}
