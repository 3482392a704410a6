import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '@portaldesk/db';
import { createHarness, uniqueSuffix, type Harness } from '../../admin-api/src/testing/harness.ts';

const run = promisify(execFile);
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

async function staffCreate(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [path.join(repoRoot, 'scripts/src/staff-create.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), PUBLIC_URL: 'https://console.example.org' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('npm run staff:create', () => {
  it('when given a username, name and role, then it prints a one-time link that lets the new admin choose a password', async () => {
    const username = `first${uniqueSuffix()}`;
    const result = await staffCreate('--username', username, '--name', 'First Admin', '--role', 'admin');
    expect(result.code).toBe(0);
    const url = result.stdout.match(/https:\/\/console\.example\.org\/#\/set-password\?token=([\w-]{43})/);
    expect(url).not.toBeNull();
    await supertest(h.app).post('/api/password-resets/complete').send({ token: url![1], new_password: 'the first admin passphrase' }).expect(200);
    await supertest(h.app).post('/api/session').send({ username, password: 'the first admin passphrase' }).expect(201);
    const { id } = await h.knex('staff_users').first('id').where({ username });
    const [audit] = await h.knex('audit_events').where({ action: 'create', resource: 'staff-users', resource_id: String(id) });
    expect(audit.staff_username).toMatch(/^cli:/);
  });

  it('when the role is unknown or the username is taken, then it exits non-zero and says why', async () => {
    const bad = await staffCreate('--username', `x${uniqueSuffix()}`, '--name', 'X', '--role', 'wizard');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/roles\.0: must be among/);
    const username = `dup${uniqueSuffix()}`;
    expect((await staffCreate('--username', username, '--name', 'Dup', '--role', 'support')).code).toBe(0);
    const taken = await staffCreate('--username', username, '--name', 'Dup', '--role', 'support');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already taken/);
  });

  it('when asked for a password flag, then it refuses: passwords are never taken on the command line', async () => {
    const result = await staffCreate('--username', `p${uniqueSuffix()}`, '--name', 'P', '--role', 'admin', '--password', 'hunter2hunter2');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--password'/);
  });
});
