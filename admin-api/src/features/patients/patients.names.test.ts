import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTestDatabase, type TestDatabase } from '@portaldesk/db/testing';
import { createHarness, createPatient, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';

// A database of this file's own: these tests look patients up by names as people spell them
// ("O'Connell", "Smith"), which no other test's patients may share.
let database: TestDatabase;
let h: Harness;
let desk: SignedIn;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_patient_names');
  h = await createHarness({}, { databaseUrl: database.connectionString });
  desk = await signedInAs(h, ['front_desk']);
});
afterAll(async () => {
  await h?.close();
  await database?.teardown();
});

const search = (filter: object, extra: Record<string, string> = {}) => desk.agent.get('/api/patients').query({ filter: JSON.stringify(filter), ...extra });

/** The patients an answer lists, as the console shows them: "family, given", in the order given. */
const namesIn = (response: { body: { family_name: string; given_name: string }[] }) => response.body.map((row) => `${row.family_name}, ${row.given_name}`);

const namesFound = async (filter: object, extra: Record<string, string> = {}) => namesIn(await search(filter, extra).expect(200));

const patient = (family_name: string, given_name: string, date_of_birth = '1980-05-17') => createPatient(h.knex, { family_name, given_name, date_of_birth });

describe('GET /api/patients: names as staff type them', () => {
  it("when O'Connell is typed without the apostrophe, with a space or with any apostrophe, then the O'Connell patients are found", async () => {
    await patient("O'Connell", 'Siobhan');
    await patient("O'Connell", 'Brendan');
    await patient('Connell', 'Orla');
    const oConnells = ["O'Connell, Brendan", "O'Connell, Siobhan"];
    for (const typed of ['OConnell', 'O’Connell', 'O‘Connell', 'OʼConnell', 'O`Connell', "o'connell", "O'CONNELL"]) {
      expect(await namesFound({ q: typed }), typed).toEqual(oConnells);
    }
    // Two words: the family name typed with a space first, then the words as "given family".
    expect(await namesFound({ q: 'O Connell' })).toEqual([...oConnells, 'Connell, Orla']);
    expect(await namesFound({ q: 'OConnell, siob' })).toEqual(["O'Connell, Siobhan"]);
    expect(await namesFound({ q: 'O’Connell Siobhan' })).toEqual(["O'Connell, Siobhan"]);
  });

  it('when two words come without a comma, then both orders are searched and the order typed comes first, whatever the sort', async () => {
    await patient('Smith', 'Cale', '1990-04-02');
    await patient('Smith', 'Caleb', '1985-07-19');
    await patient('Cale', 'Smithers', '1950-01-01');
    expect(await namesFound({ q: 'Smith Cale' })).toEqual(['Smith, Cale', 'Smith, Caleb', 'Cale, Smithers']);
    expect(await namesFound({ q: 'Cale Smith' })).toEqual(['Cale, Smithers', 'Smith, Cale', 'Smith, Caleb']);
    expect(await namesFound({ q: 'Smith Cale' }, { sort: JSON.stringify(['family_name', 'DESC']) })).toEqual(['Smith, Caleb', 'Smith, Cale', 'Cale, Smithers']);
    expect(await namesFound({ q: 'Smith Cale' }, { sort: JSON.stringify(['date_of_birth', 'ASC']) })).toEqual([
      'Smith, Caleb',
      'Smith, Cale',
      'Cale, Smithers',
    ]);
    // With a comma the words keep their places.
    expect(await namesFound({ q: 'Cale, Smith' })).toEqual(['Cale, Smithers']);
  });

  it('when a two-order search is paged, then each page continues the one list and Content-Range counts it once', async () => {
    await patient('Nakamura', 'Emi');
    await patient('Nakamura', 'Emiko');
    await patient('Emi', 'Nakamura');
    // In the order typed, Nakamura Emi and Nakamura Emiko; swapped, Emi Nakamura, who sorts first by name.
    const page = async (range: string) => {
      const response = await search({ q: 'Nakamura Emi' }, { range }).expect(200);
      return { names: namesIn(response), range: response.headers['content-range'] };
    };
    expect(await page('[0,1]')).toEqual({ names: ['Nakamura, Emi', 'Nakamura, Emiko'], range: 'patients 0-1/3' });
    expect(await page('[2,3]')).toEqual({ names: ['Emi, Nakamura'], range: 'patients 2-2/3' });
    expect(await page('[1,1]')).toEqual({ names: ['Nakamura, Emiko'], range: 'patients 1-1/3' });
  });

  it('when a name is typed without its accents, or with accents it lacks, then it is found either way', async () => {
    await patient('Núñez', 'José');
    await patient('Nunez', 'Jose');
    await patient('Müller-Lüdenscheidt', 'Søren');
    for (const typed of ['nunez', 'Núñez, José', 'NUNEZ JOSE', 'Nuñez, Jóse']) {
      expect(await namesFound({ q: typed }), typed).toEqual(['Núñez, José', 'Nunez, Jose']);
    }
    for (const typed of ['Muller Ludenscheidt', 'mullerludenscheidt, soren', 'Müller-Lüdenscheidt Søren']) {
      expect(await namesFound({ q: typed }), typed).toEqual(['Müller-Lüdenscheidt, Søren']);
    }
  });

  it('when a name is written in another script, then it is found by it', async () => {
    await patient('李', '小龙');
    await patient('Παπαδόπουλος', 'Ελένη');
    for (const typed of ['李', '李, 小', '李 小龙', '小龙 李']) {
      expect(await namesFound({ q: typed }), typed).toEqual(['李, 小龙']);
    }
    expect(await namesFound({ q: 'Παπαδοπουλος' })).toEqual(['Παπαδόπουλος, Ελένη']);
  });

  it('when a name is changed, then it is found by its new spelling and no longer by the old one, whoever wrote it', async () => {
    const { id } = await patient('Dunne', 'Ailbhe');
    await h.knex('patients').where({ id }).update({ family_name: 'D’Arcy-Dunne' });
    expect(await namesFound({ q: 'darcy dunne' })).toEqual(['D’Arcy-Dunne, Ailbhe']);
    expect(await namesFound({ q: 'Dunne' })).toEqual([]);
    // A key written directly is put right: the stored keys always come from the names.
    await h.knex('patients').where({ id }).update({ family_name_key: 'dunne' });
    expect(await namesFound({ q: 'Dunne' })).toEqual([]);
    expect(await namesFound({ q: "D'Arcy" })).toEqual(['D’Arcy-Dunne, Ailbhe']);
  });

  it('when searching with match=contains, then the same spellings match anywhere in the name', async () => {
    await patient("D'Souza-Ferreira", 'Inês');
    for (const typed of ['souza ferr', 'SOUZA-FERREIRA', 'ferreira ines', 'dsouza']) {
      expect(await namesFound({ q: typed, match: 'contains' }), typed).toEqual(["D'Souza-Ferreira, Inês"]);
    }
    // Fewer than three letters left once punctuation is dropped: nothing to look for.
    expect(await namesFound({ q: "s'o", match: 'contains' })).toEqual([]);
  });

  it('when a name prefix is searched, then the database reads a range of the name-key index, already in the list order', async () => {
    await patient('Fitzgerald', 'Aoife');
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const capture = (query: { sql: string; bindings: unknown[] }) => {
      if (/from "patients"/.test(query.sql)) statements.push(query);
    };
    h.knex.on('query', capture);
    try {
      expect(await namesFound({ q: 'Fitz-Gerald' })).toEqual(['Fitzgerald, Aoife']);
    } finally {
      h.knex.off('query', capture);
    }
    const [page] = statements;
    const plan = await h.knex.transaction(async (trx) => {
      // A table this small is cheaper to read whole, so the planner is told not to: what matters
      // is that the index can answer the search by itself, as it does over a million patients.
      await trx.raw('SET LOCAL enable_seqscan = off');
      await trx.raw('SET LOCAL enable_bitmapscan = off');
      // knex numbered the bindings $1, $2, ... in order; raw() takes them as "?".
      const { rows } = await trx.raw(`EXPLAIN (FORMAT JSON) ${page.sql.replace(/\$\d+/g, '?')}`, page.bindings as string[]);
      return JSON.stringify(rows[0]['QUERY PLAN']);
    });
    expect(plan).toContain('"Index Name":"patients_name_keys_idx"');
    expect(plan).toContain(`"Index Cond":"((family_name_key >= 'fitzgerald'::text) AND (family_name_key < 'fitzgerale'::text))"`);
    expect(plan).not.toContain('"Node Type":"Sort"');
  });
});
