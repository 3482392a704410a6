import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as createLocations from '../migrations/20261201150000_create_desk_locations.ts';
import * as addLocationId from '../migrations/20261201150100_add_activation_code_location_id.ts';
import * as linkLocations from '../migrations/20261201150200_link_activation_code_locations.ts';
import * as backfillLocations from '../migrations/20261201150300_backfill_activation_code_locations.ts';
import * as validateLocations from '../migrations/20261201150400_validate_activation_code_location_fk.ts';
import { createKnex, migrate, type Knex } from './index.ts';
import { provisionTestDatabase, type TestDatabase } from './testing.ts';

/** The desk-location migrations in the order they run. */
const MIGRATIONS = [createLocations, addLocationId, linkLocations, backfillLocations, validateLocations];

let database: TestDatabase;
let owner: Knex;
/** As the API connects: a member of the app role only. */
let api: Knex;
let patientId: number;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_desk_locations');
  owner = createKnex(database.ownerConnectionString, 2);
  api = createKnex(database.connectionString, 2);
  // Back to the schema before desk locations: codes with a free-text location only.
  for (const migration of [...MIGRATIONS].reverse()) await migration.down(owner);
  [{ id: patientId }] = await owner('patients')
    .insert({
      mrn: 'M-DESK-1',
      family_name: 'Desk',
      given_name: 'Test',
      date_of_birth: '1980-01-01',
      sex: 'female',
      created_at: '2026-09-01T12:00:00Z',
      updated_at: '2026-09-01T12:00:00Z',
    })
    .returning('id');
});
afterAll(async () => {
  await api?.destroy();
  await owner?.destroy();
  await database?.teardown();
});

let selectors = 0;
/** A code as the previous release issued it: a free-text location and no location_id. */
const legacyCode = (location: string | null, issuedAt: string) => {
  selectors += 1;
  return { patient_id: patientId, selector: `SEL${selectors}`, verifier_hash: 'x', issued_at: issuedAt, location, expires_at: '2027-01-01T05:00:00Z' };
};

describe('the desk-location migrations', () => {
  it('when codes were given one desk under several spellings, then the backfill makes one location named by its commonest spelling and links every code', async () => {
    await owner('activation_codes').insert([
      legacyCode('Main lobby desk 2', '2026-10-05T14:00:00Z'),
      legacyCode(' main  Lobby desk 2 ', '2026-10-01T14:00:00Z'),
      legacyCode('MAIN LOBBY DESK 2', '2026-10-07T14:00:00Z'),
      legacyCode('Main lobby desk 2', '2026-10-08T14:00:00Z'),
      legacyCode('Cardiology\tcheck-in', '2026-10-09T14:00:00Z'),
      legacyCode('   ', '2026-10-10T14:00:00Z'),
      legacyCode(null, '2026-10-11T14:00:00Z'),
    ]);

    for (const migration of MIGRATIONS) await migration.up(owner);
    // The app role's grants cover the new table once migrate() has run, as at every start.
    await migrate(owner, { now: new Date('2026-12-01T12:00:00Z') });

    const locations = await owner('desk_locations').select('id', 'name', 'created_at', 'retired_at').orderBy('name');
    expect(locations.map(({ name, retired_at }) => ({ name, retired_at }))).toEqual([
      { name: 'Cardiology check-in', retired_at: null },
      { name: 'Main lobby desk 2', retired_at: null },
    ]);
    // Dated by the first code handed out there.
    expect(locations[1].created_at).toEqual(new Date('2026-10-01T14:00:00Z'));
    const linked = await owner('activation_codes as c')
      .leftJoin('desk_locations as l', 'l.id', 'c.location_id')
      .select('c.location', 'l.name')
      .orderBy('c.issued_at');
    expect(linked.map((code) => [code.location, code.name])).toEqual([
      [' main  Lobby desk 2 ', 'Main lobby desk 2'],
      ['Main lobby desk 2', 'Main lobby desk 2'],
      ['MAIN LOBBY DESK 2', 'Main lobby desk 2'],
      ['Main lobby desk 2', 'Main lobby desk 2'],
      ['Cardiology\tcheck-in', 'Cardiology check-in'],
      ['   ', null],
      [null, null],
    ]);
    const { rows } = await owner.raw("SELECT convalidated FROM pg_constraint WHERE conname = 'activation_codes_location_id_fkey'");
    expect(rows).toEqual([{ convalidated: true }]);
  });

  it('when an instance of the previous release issues a code during the rollout, then the code is linked to its location, a new one added if need be', async () => {
    await api('activation_codes').insert([legacyCode('main lobby DESK 2', '2026-12-01T15:00:00Z'), legacyCode('Radiology front desk', '2026-12-01T15:05:00Z')]);
    const linked = await owner('activation_codes as c')
      .join('desk_locations as l', 'l.id', 'c.location_id')
      .whereIn('c.location', ['main lobby DESK 2', 'Radiology front desk'])
      .orderBy('c.issued_at')
      .pluck('l.name');
    expect(linked).toEqual(['Main lobby desk 2', 'Radiology front desk']);
    expect(await owner('desk_locations').count({ count: '*' })).toEqual([{ count: 3 }]);
  });

  it('when two locations would differ only by case or spaces, then the database refuses the second', async () => {
    const now = new Date('2026-12-01T16:00:00Z');
    await expect(api('desk_locations').insert({ name: 'cardiology  CHECK-IN', created_at: now, updated_at: now })).rejects.toMatchObject({ code: '23505' });
  });
});
