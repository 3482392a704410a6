import { describe, expect, it } from 'vitest';
import { ROLE_ROWS } from '../../../db/seeds/01_roles.ts';
import { can, messageTopicsFor, permissionsFor, readsPatientData, roleCombinationProblem, ROLES } from './policy.ts';

describe('can', () => {
  it('when a role is granted an action, then it may do it', () => {
    expect(can(['front_desk'], 'list', 'patients')).toBe(true);
    expect(can(['compliance'], 'list', 'audit-events')).toBe(true);
    expect(can(['admin'], 'deactivate', 'staff-users')).toBe(true);
  });

  it('when no role grants an action, then it is denied', () => {
    expect(can(['front_desk'], 'list', 'audit-events')).toBe(false);
    expect(can(['admin'], 'show', 'patients')).toBe(false);
    expect(can(['compliance'], 'create', 'staff-users')).toBe(false);
    expect(can(['billing'], 'list', 'patient-access-ledger')).toBe(false);
  });

  it('when roles, actions or resources are unknown or absent, then it denies by default', () => {
    expect(can([], 'list', 'patients')).toBe(false);
    expect(can(['superuser'], 'list', 'patients')).toBe(false);
    expect(can(['admin'], 'delete', 'staff-users')).toBe(false);
    expect(can(['admin'], 'list', 'no-such-resource')).toBe(false);
    expect(can(['admin'], 'list', '__proto__')).toBe(false);
  });

  it('when a staff member holds several roles, then they get the union of the grants', () => {
    expect(can(['front_desk', 'compliance'], 'create', 'activation-codes')).toBe(true);
    expect(can(['front_desk', 'compliance'], 'list', 'audit-events')).toBe(true);
  });

  it('when activation codes are issued, then only front desk and support may, and only admins manage portal tokens', () => {
    expect(ROLES.filter((role) => can([role], 'create', 'activation-codes'))).toEqual(['front_desk', 'support']);
    expect(ROLES.filter((role) => can([role], 'create', 'portal-tokens'))).toEqual(['admin']);
  });

  it('when desk locations are managed, then only admins may; the roles that issue codes are the ones that pick from them', () => {
    for (const action of ['list', 'create', 'edit', 'deactivate', 'reactivate']) {
      expect(ROLES.filter((role) => can([role], action, 'desk-locations'))).toEqual(['admin']);
    }
    expect(can(['admin'], 'delete', 'desk-locations')).toBe(false);
    // GET /desk-locations/active, the issue forms' choices, asks for create on activation-codes.
    expect(ROLES.filter((role) => can([role], 'create', 'activation-codes'))).toEqual(['front_desk', 'support']);
  });

  it('when service locations and saved replies are read, then whoever lists locations may open one, and compliance reads saved replies without changing them', () => {
    expect(ROLES.filter((role) => can([role], 'list', 'service-locations'))).toEqual(['billing', 'compliance', 'admin']);
    expect(ROLES.filter((role) => can([role], 'show', 'service-locations'))).toEqual(['billing', 'compliance', 'admin']);
    expect(['list', 'show', 'create', 'edit', 'delete'].filter((action) => can(['compliance'], action, 'saved-replies'))).toEqual(['list', 'show']);
  });

  it('when only compliance reads audit data, then every other role is refused the audit log', () => {
    const readers = ROLES.filter((role) => can([role], 'list', 'audit-events'));
    expect(readers).toEqual(['compliance']);
  });
});

describe('separation of duties', () => {
  it('when the policy is read, then admin is the only role that reads no patient data', () => {
    expect(ROLES.filter((role) => !readsPatientData(role))).toEqual(['admin']);
  });

  it("when the database's role catalogue says which roles read patient data, then it says what the policy says", () => {
    expect(Object.fromEntries(ROLE_ROWS.map((row) => [row.name, row.reads_patient_data]))).toEqual(
      Object.fromEntries(ROLES.map((role) => [role, readsPatientData(role)])),
    );
  });

  it('when admin is combined with a role that reads patient data, then the combination is refused naming it', () => {
    expect(roleCombinationProblem(['admin', 'clinical'])).toMatch(/admin cannot be combined with clinical/);
    expect(roleCombinationProblem(['admin', 'compliance', 'roi'])).toMatch(/compliance, roi/);
    expect(roleCombinationProblem(['admin'])).toBeNull();
    expect(roleCombinationProblem(['front_desk', 'support'])).toBeNull();
  });
});

describe('messageTopicsFor', () => {
  it('when customer-service threads are opened, then each team reads and answers its own topic, compliance reads every topic and answers none, the others none', () => {
    const topics = (mode: 'read' | 'answer') => Object.fromEntries(ROLES.map((role) => [role, messageTopicsFor([role], mode)]));
    expect(topics('read')).toEqual({
      front_desk: [],
      support: ['technical'],
      roi: ['medical_records'],
      clinical: [],
      billing: ['billing'],
      compliance: ['billing', 'technical', 'medical_records'],
      admin: [],
    });
    expect(topics('answer')).toEqual({
      front_desk: [],
      support: ['technical'],
      roi: ['medical_records'],
      clinical: [],
      billing: ['billing'],
      compliance: [],
      admin: [],
    });
    expect(messageTopicsFor(['billing', 'support'], 'answer')).toEqual(['billing', 'technical']);
  });
});

describe('permissionsFor', () => {
  it('when serving the console, then it lists exactly the granted actions per resource', () => {
    expect(permissionsFor(['front_desk'])).toEqual({
      patients: ['list', 'show'],
      'activation-codes': ['list', 'create'],
      'portal-accounts': ['show'],
      'proxy-relationships': ['list'],
      'patient-history': ['list'],
      demographics: ['show'],
    });
    expect(permissionsFor(['compliance'])).toEqual({
      patients: ['list', 'show'],
      demographics: ['show'],
      'patient-access-ledger': ['list'],
      'audit-events': ['list', 'show', 'export'],
      'role-changes': ['list', 'export'],
      'proxy-requests': ['list', 'show'],
      'proxy-relationships': ['list'],
      documents: ['list', 'show'],
      'demographic-change-requests': ['list', 'show'],
      'patient-history': ['list', 'export'],
      results: ['list', 'show'],
      'result-values': ['show'],
      'result-holds': ['list', 'export'],
      'service-locations': ['list', 'show'],
      'guarantor-accounts': ['list', 'show'],
      'message-threads': ['list', 'show'],
      'saved-replies': ['list', 'show'],
    });
    expect(permissionsFor([])).toEqual({});
  });
});
