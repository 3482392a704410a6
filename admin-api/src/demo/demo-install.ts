import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from '@portaldesk/db';
import { seedDemoData } from './seed-demo.ts';

/**
 * The demo password: DEMO_PASSWORD when set, else one generated on first seeding and kept
 * (mode 0600) beside the embedded database so every later start can print it again.
 */
export async function demoPassword(dataDir: string, fromEnvironment?: string): Promise<string> {
  if (fromEnvironment) return fromEnvironment;
  const file = path.join(dataDir, 'demo-password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(12).toString('base64url');
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Seeds the demo into a database with no staff yet; answers whether it did. */
export async function seedDemoIfEmpty(knex: Knex, password: string, timeZone: string, now: Date): Promise<boolean> {
  const [{ count }] = await knex('staff_users').count<{ count: string }[]>({ count: '*' });
  if (Number(count) > 0) return false;
  await seedDemoData(knex, { password, timeZone, now });
  return true;
}
