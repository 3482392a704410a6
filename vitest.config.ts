import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two cores here: the default (cores - 1) runs one file at a time while most tests wait on
    // PostgreSQL, so two workers keep both cores busy.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'api',
          environment: 'node',
          include: ['admin-api/src/**/*.test.ts', 'db/**/*.test.ts', 'scripts/src/**/*.test.ts'],
          globalSetup: ['admin-api/src/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['admin-ui/src/**/*.test.{ts,tsx}'],
          setupFiles: ['admin-ui/src/test-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['admin-ui/e2e/**/*.e2e.test.ts'],
          globalSetup: ['admin-ui/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
