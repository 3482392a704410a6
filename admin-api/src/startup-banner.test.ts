import { describe, expect, it } from 'vitest';
import { ROLES } from './auth/policy.ts';
import { startupBanner } from './startup-banner.ts';

const data = { patients: 3000, staffAccounts: 7, portalAccounts: 3, activationCodes: 5, openIdentityChecks: 1 };

describe('the start-up banner', () => {
  it('when a first start seeded the demo, then the banner says where to go, who to sign in as, the password and what was seeded, in plain text', () => {
    const banner = startupBanner({
      url: 'http://localhost:3000',
      readySeconds: 12.43,
      database: 'embedded PostgreSQL under /srv/portaldesk/.data',
      demo: { usernames: ROLES, password: 'f5k17BtfmiLFit9U', seededNow: true },
      data,
    });
    const lines = banner.split('\n');
    expect(lines).toContain('PortalDesk is ready at http://localhost:3000 (started in 12.4 s)');
    expect(lines).toContain(`  Sign in as  ${ROLES.join(', ')} (one demo account per role)`);
    expect(lines).toContain('  Password    f5k17BtfmiLFit9U');
    expect(lines).toContain(
      '  Demo data   3,000 patients, 7 staff accounts, 3 portal accounts, 5 activation codes, 1 open identity-check case (seeded just now)',
    );
    expect(lines).toContain('  Stop with Ctrl-C.');
    // Plain text for people: no JSON log line, no terminal colour codes.
    expect(banner).not.toMatch(/[{}]/);
    expect(banner).not.toContain(String.fromCharCode(27));
  });

  it('when the database is an external one, then there is no demo password, but how to create the first admin, and any warning shows', () => {
    const banner = startupBanner({
      url: 'https://portaldesk.example.org',
      readySeconds: 2.7,
      database: 'DATABASE_URL',
      data: { ...data, patients: 0 },
      warning: ['WARNING: the API connects to PostgreSQL as "postgres", which is a superuser.'],
    });
    expect(banner).not.toContain('Password');
    expect(banner).toContain('npm run staff:create -- --username NAME --name "Full Name" --role admin');
    expect(banner).toContain('  Data        0 patients, 7 staff accounts');
    expect(banner).toContain('  WARNING: the API connects to PostgreSQL as "postgres", which is a superuser.');
  });
});
