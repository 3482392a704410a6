/** `npm run migrate`: applies pending migrations and reference data to DATABASE_URL (or the embedded database). */
import { runWithDatabase, EXIT } from './cli.ts';

await runWithDatabase(async (db) => {
  console.log(`Database is up to date (${db.embedded ? 'embedded' : 'DATABASE_URL'}).`);
  return EXIT.ok;
});
