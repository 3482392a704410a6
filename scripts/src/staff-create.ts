/**
 * `npm run staff:create -- --username NAME --name "Full Name" --role admin [--role ...]`
 * Creates a staff user (the first admin of a real install) and prints a one-time link through
 * which they choose their own password. It never takes a password.
 */
import { randomUUID } from 'node:crypto';
import { commandLineActor, createStaffUser, createStaffUserBody, loadConfig, ROLES, SettingsStore, systemClock } from '@portaldesk/admin-api';
import { EXIT, parseFlags, runWithDatabase, UsageError } from './cli.ts';

const usage = `Usage: npm run staff:create -- --username NAME --name "Full Name" --role ROLE [--role ROLE ...]\nRoles: ${ROLES.join(', ')}`;
const { values } = parseFlags({ username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } }, usage);

await runWithDatabase(async (db) => {
  const input = createStaffUserBody.safeParse({ username: values.username, display_name: values.name, roles: values.role ?? [] });
  if (!input.success) {
    const problems = input.error.issues.map((issue) => `  ${issue.path.join('.') || 'input'}: ${issue.message}`).join('\n');
    throw new UsageError(`${problems}\n${usage}`);
  }
  const { PUBLIC_URL } = loadConfig();
  const deps = { knex: db.knex, settings: new SettingsStore(db.knex), clock: systemClock, publicUrl: PUBLIC_URL };
  try {
    const created = await createStaffUser(deps, commandLineActor(randomUUID()), input.data);
    console.log(
      `Created ${created.username} (${created.roles.join(', ')}).\n` +
        `Give them this one-time link to choose their password (valid until ${created.password_link.expires_at}; it is shown only now):\n\n  ${created.password_link.url}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    const appError = error as { status?: number; message: string };
    if (appError.status === 409) {
      console.error(`${appError.message} Start a password reset from the console instead.`);
      return EXIT.rejected;
    }
    throw error;
  }
});
