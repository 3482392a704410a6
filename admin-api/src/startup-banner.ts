import type { Knex } from '@portaldesk/db';

/** What the database holds, in counts only: the banner is read on screens and in logs. */
export interface DataOnHand {
  patients: number;
  staffAccounts: number;
  portalAccounts: number;
  activationCodes: number;
  openIdentityChecks: number;
}

/** Counts the records a newcomer can look at, in one statement (the start waits for it). */
export async function countDataOnHand(knex: Knex): Promise<DataOnHand> {
  const { rows } = await knex.raw(`
    SELECT (SELECT count(*) FROM patients)::int AS patients,
           (SELECT count(*) FROM staff_users)::int AS staff_accounts,
           (SELECT count(*) FROM portal_accounts)::int AS portal_accounts,
           (SELECT count(*) FROM activation_codes)::int AS activation_codes,
           (SELECT count(*) FROM identity_check_failures WHERE status = 'open')::int AS open_identity_checks`);
  const [row] = rows as Record<string, number>[];
  return {
    patients: row.patients,
    staffAccounts: row.staff_accounts,
    portalAccounts: row.portal_accounts,
    activationCodes: row.activation_codes,
    openIdentityChecks: row.open_identity_checks,
  };
}

export interface BannerFacts {
  url: string;
  /** Seconds from the process start (a build included) to answering requests. */
  readySeconds: number;
  database: string;
  /** The demo's sign-in, when this start runs the embedded database. */
  demo?: { usernames: readonly string[]; password: string; seededNow: boolean };
  data: DataOnHand;
  /** Lines that must not be missed (a database role that could rewrite the audit trail). */
  warning?: string[];
}

const count = (value: number, one: string) => `${value.toLocaleString('en-US')} ${one}${value === 1 ? '' : 's'}`;

/** The plain-text banner `npm start` ends with, as one string: written at once, no log line lands inside it. */
export function startupBanner(facts: BannerFacts): string {
  const { data, demo } = facts;
  const holding = [
    count(data.patients, 'patient'),
    count(data.staffAccounts, 'staff account'),
    count(data.portalAccounts, 'portal account'),
    count(data.activationCodes, 'activation code'),
    count(data.openIdentityChecks, 'open identity-check case'),
  ].join(', ');
  const lines = [
    '',
    `PortalDesk is ready at ${facts.url} (started in ${facts.readySeconds.toFixed(1)} s)`,
    '',
    ...(demo
      ? [
          `  Sign in as  ${demo.usernames.join(', ')} (one demo account per role)`,
          `  Password    ${demo.password}`,
          `  Demo data   ${holding}${demo.seededNow ? ' (seeded just now)' : ''}`,
        ]
      : [
          '  Sign in     with a staff account; create the first admin with:',
          '              npm run staff:create -- --username NAME --name "Full Name" --role admin',
          `  Data        ${holding}`,
        ]),
    `  Database    ${facts.database}`,
    ...(facts.warning ? ['', ...facts.warning.map((line) => `  ${line}`)] : []),
    '',
    '  Stop with Ctrl-C.',
    '',
  ];
  return lines.join('\n');
}
