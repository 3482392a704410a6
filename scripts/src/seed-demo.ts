/**
 * `npm run seed:demo`: demo staff (one per role, username = role) and synthetic patients, into
 * DATABASE_URL or the embedded database. Run it on purpose only: never on a production database.
 */
import { demoPassword, seedDemoData, systemClock } from '@portaldesk/admin-api';
import { dataDirectory, EXIT, parseFlags, runWithDatabase } from './cli.ts';

const usage = 'Usage: npm run seed:demo [-- --patients N]   (DEMO_PASSWORD sets the demo staff password)';
const { values } = parseFlags({ patients: { type: 'string' } }, usage);

await runWithDatabase(async (db) => {
  const patientCount = values.patients === undefined ? 3000 : Number(values.patients);
  if (!Number.isInteger(patientCount) || patientCount < 0 || patientCount > 1_000_000) {
    console.error(`--patients must be a whole number from 0 to 1000000.\n${usage}`);
    return EXIT.usage;
  }
  const password = await demoPassword(dataDirectory(), process.env.DEMO_PASSWORD);
  const timeZone = (await db.knex('settings').first('value').where({ key: 'organization.time_zone' }))?.value;
  const result = await seedDemoData(db.knex, { password, patientCount, timeZone, now: systemClock() });
  console.log(
    `Seeded ${db.embedded ? 'the embedded database' : 'DATABASE_URL'}: ${result.patientsInserted} new patients; ` +
      `staff ${result.staffUsernames.join(', ')} with the password: ${password}`,
  );
  return EXIT.ok;
});
