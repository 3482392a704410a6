import { Faker, base, en, en_US } from '@faker-js/faker';
import type { Knex } from '@portaldesk/db';
import { hashSecret } from '../auth/passwords.ts';
import { ROLES, type Role } from '../auth/policy.ts';
import { ageOn, todayIn } from '../lib/clock.ts';
import { seedDemoDemographics } from './seed-demo-demographics.ts';
import { seedDemoProxies } from './seed-demo-proxies.ts';
import { seedDemoMessages } from './seed-demo-messages.ts';
import { seedDemoResults } from './seed-demo-results.ts';
import { seedDemoPortal, type DemoPortalStates } from './seed-demo-portal.ts';

const DISPLAY_NAMES: Record<Role, string> = {
  front_desk: 'Frances Desmond (front desk)',
  support: 'Sam Porter (phone support)',
  roi: 'Rosa Ortiz (Release of Information)',
  clinical: 'Dr. Clara Lin (clinical)',
  billing: 'Bill Ingram (billing)',
  compliance: 'Connie Pliant (privacy office)',
  admin: 'Ada Minsky (administrator)',
};

const STATES = ['CT', 'CT', 'CT', 'CT', 'CT', 'CT', 'MA', 'NY', 'RI', 'NJ'];

function shiftDate(isoDate: string, years: number, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface DemoSeedResult {
  staffUsernames: string[];
  patientsInserted: number;
  /** Which demo patient (MRN) shows which portal-account state; null when too few patients were seeded. */
  portalStates: DemoPortalStates | null;
}

/**
 * Demo data: one staff member per role (username = role name, all with `password`),
 * `patientCount` synthetic patients of every age, and portal accounts and identity-check cases
 * in every state support meets. Fixed seed, so every install sees the same people; idempotent,
 * so running it again only resets the demo passwords.
 */
/** Race, ethnicity and preferred language in roughly the proportions of a Connecticut hospital; a few not recorded. */
function demoDemographics(faker: Faker) {
  const recorded = faker.number.int({ min: 1, max: 10 }) > 1;
  if (!recorded) return { race: null, ethnicity: null, preferred_language: null };
  const race = faker.helpers.weightedArrayElement([
    { weight: 62, value: ['2106-3'] },
    { weight: 13, value: ['2054-5'] },
    { weight: 5, value: ['2028-9'] },
    { weight: 1, value: ['1002-5'] },
    { weight: 3, value: ['2106-3', '2054-5'] },
    { weight: 8, value: ['UNK'] },
    { weight: 8, value: ['ASKU'] },
  ]);
  const ethnicity = faker.helpers.weightedArrayElement([
    { weight: 80, value: '2186-5' },
    { weight: 17, value: '2135-2' },
    { weight: 3, value: 'ASKU' },
  ]);
  const language = faker.helpers.weightedArrayElement([
    { weight: 82, value: 'en' },
    { weight: 11, value: 'es' },
    { weight: 2, value: 'pt' },
    { weight: 2, value: 'pl' },
    { weight: 2, value: 'ht' },
    { weight: 1, value: 'vi' },
  ]);
  return { race, ethnicity, preferred_language: ethnicity === '2135-2' && language === 'en' ? faker.helpers.arrayElement(['en', 'es']) : language };
}

export async function seedDemoData(knex: Knex, options: { password: string; patientCount?: number; now: Date; timeZone?: string }): Promise<DemoSeedResult> {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(20261125);
  const { now } = options;
  const today = todayIn(options.timeZone ?? 'America/New_York', now);

  for (const role of ROLES) {
    const passwordHash = await hashSecret(options.password);
    await knex.transaction(async (trx) => {
      const [row] = await trx('staff_users')
        .insert({
          username: role,
          display_name: DISPLAY_NAMES[role],
          password_hash: passwordHash,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict('username')
        .merge({ password_hash: passwordHash, active: true, deactivated_at: null, deactivated_by: null, deactivation_reason: null })
        .returning('id');
      await trx('staff_user_roles').insert({ staff_user_id: row.id, role }).onConflict(['staff_user_id', 'role']).ignore();
    });
  }

  const patients = [];
  const count = options.patientCount ?? 3000;
  // Demographics come from a generator of their own, so the names and birth dates the README's
  // fixed patients have stay what they were before demographics existed.
  const demographics = new Faker({ locale: [en_US, en, base] });
  demographics.seed(20261203);
  // The first few patients sit on the birthdays that change what staff may do (13 and 18).
  const edges = [shiftDate(today, -13, 0), shiftDate(today, -13, 1), shiftDate(today, -18, 0), shiftDate(today, -18, 6), shiftDate(today, -12, -1)];
  for (let i = 0; i < count; i += 1) {
    const sex = faker.helpers.weightedArrayElement([
      { weight: 49, value: 'female' },
      { weight: 49, value: 'male' },
      { weight: 1, value: 'other' },
      { weight: 1, value: 'unknown' },
    ]);
    const given = faker.person.firstName(sex === 'female' ? 'female' : sex === 'male' ? 'male' : undefined);
    const family = faker.person.lastName();
    const dateOfBirth = i < edges.length ? edges[i] : shiftDate(today, -faker.number.int({ min: 0, max: 98 }), -faker.number.int({ min: 0, max: 364 }));
    const age = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
    const deceased = i >= edges.length && age > 40 && faker.number.int({ min: 1, max: 100 }) <= 3;
    const state = faker.helpers.arrayElement(STATES);
    patients.push({
      mrn: String(10_000_001 + i),
      family_name: family,
      given_name: given,
      date_of_birth: dateOfBirth,
      sex,
      deceased_date: deceased ? shiftDate(today, 0, -faker.number.int({ min: 1, max: 3000 })) : null,
      phone: `+1860555${String(faker.number.int({ min: 100, max: 9999 })).padStart(4, '0')}`,
      email:
        faker.helpers.maybe(() => faker.internet.email({ firstName: given, lastName: family, provider: 'example.com' }).toLowerCase(), { probability: 0.8 }) ??
        null,
      address_line1: faker.location.streetAddress(),
      address_line2: faker.helpers.maybe(() => faker.location.secondaryAddress(), { probability: 0.15 }) ?? null,
      city: faker.location.city(),
      state,
      postal_code: faker.location.zipCode('#####'),
      ...demoDemographics(demographics),
      created_at: now,
      updated_at: now,
    });
  }
  for (const patient of patients) {
    if (patient.deceased_date && patient.deceased_date < patient.date_of_birth) patient.deceased_date = today;
  }
  let patientsInserted = 0;
  for (let start = 0; start < patients.length; start += 500) {
    const inserted = await knex('patients')
      .insert(patients.slice(start, start + 500))
      .onConflict('mrn')
      .ignore()
      .returning('id');
    patientsInserted += inserted.length;
  }
  // Ages here are whole years from the fixed seed, whatever the day: the same patients every run.
  const portalCandidates = patients
    .slice(edges.length)
    .filter((patient) => !patient.deceased_date && patient.email && ageOn(patient.date_of_birth, today) >= 18)
    .map((patient) => patient.mrn);
  const portalStates = await seedDemoPortal(knex, { now, candidateMrns: portalCandidates });
  await seedDemoProxies(knex, { now });
  await seedDemoDemographics(knex, { now });
  await seedDemoResults(knex, { now });
  await seedDemoMessages(knex, { now });
  return { staffUsernames: [...ROLES], patientsInserted, portalStates };
}
