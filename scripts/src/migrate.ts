/**
 * `npm run migrate`: applies pending migrations, the reference data and the app role's grants,
 * as the schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL; or the embedded database).
 */
import { systemClock } from '@portaldesk/admin-api';
import { EXIT, runWithDatabase } from './cli.ts';

await runWithDatabase(
  async (db) => {
    const { applied, appRole } = await db.migrate(systemClock());
    console.log(`${applied.length ? `Applied ${applied.length} migration(s)` : 'No migration was pending'} (${db.embedded ? 'embedded' : 'DATABASE_URL'}).`);
    console.log(
      appRole.granted
        ? `The API's role is ${appRole.role}: it may read and write the tables, and only append to the audit trail.`
        : `Warning: ${appRole.reason}. Create it (README, "Database roles") and run this again.`,
    );
    return EXIT.ok;
  },
  { migrate: true },
);
