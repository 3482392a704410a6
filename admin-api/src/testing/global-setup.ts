import type { TestProject } from 'vitest/node';
import { provisionTestDatabase } from '@portaldesk/db/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** As the API's login role, which the app connects with. */
    databaseUrl: string;
    /** As the schema's owner, for the few tests about what only the owner may do. */
    ownerDatabaseUrl: string;
  }
}

/** One migrated database for the API test run; test files share it and use unique values. */
export default async function setup(project: TestProject) {
  const database = await provisionTestDatabase('portaldesk_test');
  project.provide('databaseUrl', database.connectionString);
  project.provide('ownerDatabaseUrl', database.ownerConnectionString);
  return () => database.teardown();
}
