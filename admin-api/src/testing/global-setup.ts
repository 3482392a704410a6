import type { TestProject } from 'vitest/node';
import { provisionTestDatabase } from '@portaldesk/db/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One migrated database for the API test run; test files share it and use unique values. */
export default async function setup(project: TestProject) {
  const database = await provisionTestDatabase('portaldesk_test');
  project.provide('databaseUrl', database.connectionString);
  return () => database.teardown();
}
