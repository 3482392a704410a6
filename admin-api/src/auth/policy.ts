import { MESSAGE_TEAMS, MESSAGE_TOPICS, type MessageTopic } from '../features/message-threads/message-topics.ts';

/**
 * Who may do what: the one table every route and every button asks. Pure and deny-by-default:
 * a role, resource or action missing from the table is refused.
 */
export const ROLES = ['front_desk', 'support', 'roi', 'clinical', 'billing', 'compliance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const RESOURCES = [
  'patients',
  'role-changes',
  'patient-access-ledger',
  'activation-codes',
  'portal-accounts',
  'portal-tokens',
  'identity-check-failures',
  'staff-users',
  'audit-events',
  'settings',
  'business-holidays',
  'desk-locations',
  'job-queues',
  'failed-jobs',
  'proxy-requests',
  'proxy-relationships',
  'documents',
  'proxy-age-tiers',
  'demographic-change-requests',
  'patient-history',
  'demographics',
  'results',
  'result-values',
  'result-holds',
  'result-categories',
  'service-locations',
  'guarantor-accounts',
  'message-threads',
  'saved-replies',
] as const;
export type Resource = (typeof RESOURCES)[number];

/** react-admin's action names, plus the verbs that are not plain CRUD. */
export const ACTIONS = [
  'list',
  'show',
  'create',
  'edit',
  'delete',
  'deactivate',
  'reactivate',
  'reset-password',
  'export',
  'import',
  'revoke',
  'unlock',
  'run',
  'retry',
  'release',
] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Partial<Record<Resource, readonly Action[]>>;

const FIND_PATIENTS: Grants = { patients: ['list', 'show'] };
// Race, ethnicity, sexual orientation and gender identity on a patient's record: for the desk and
// support who register and help the patient, ROI, clinicians and the privacy office; not billing
// (minimum necessary: a balance question needs none of them).
const SEE_DEMOGRAPHICS: Grants = { demographics: ['show'] };
// Whether a result reached the portal, not what it says: enough to answer "why can't I see my
// result?" on the phone or at the ROI window.
const SEE_RESULT_STATUS: Grants = { results: ['list'] };
// A team's customer-service queue: read its threads, reply, note, reassign, close, reopen; which
// topics are the team's own is MESSAGE_TEAMS below. Saved replies are picked, never kept, here.
const ANSWER_MESSAGES: Grants = { 'message-threads': ['list', 'show', 'edit'], 'saved-replies': ['list'] };

const GRANTS: Record<Role, Grants> = {
  front_desk: {
    ...FIND_PATIENTS,
    ...SEE_DEMOGRAPHICS,
    'activation-codes': ['list', 'create'],
    'portal-accounts': ['show'],
    'proxy-relationships': ['list'],
    'patient-history': ['list'],
  },
  support: {
    ...SEE_RESULT_STATUS,
    ...FIND_PATIENTS,
    ...SEE_DEMOGRAPHICS,
    'activation-codes': ['list', 'create'],
    'portal-accounts': ['show', 'unlock', 'reset-password', 'deactivate', 'reactivate'],
    'identity-check-failures': ['list', 'show', 'edit'],
    'proxy-relationships': ['list'],
    'patient-history': ['list'],
    ...ANSWER_MESSAGES,
  },
  // Release of Information decides proxy requests, reads their documents and ends relationships;
  // it reviews the demographic changes patients ask for and corrects records, with documents.
  roi: {
    patients: ['list', 'show', 'edit'],
    ...SEE_RESULT_STATUS,
    ...SEE_DEMOGRAPHICS,
    'proxy-requests': ['list', 'show', 'edit'],
    'proxy-relationships': ['list', 'revoke'],
    documents: ['list', 'show', 'create'],
    'demographic-change-requests': ['list', 'show', 'edit'],
    'patient-history': ['list', 'export'],
    ...ANSWER_MESSAGES,
  },
  // Clinicians read results, hold them on a named legal basis and release them.
  clinical: {
    ...FIND_PATIENTS,
    ...SEE_DEMOGRAPHICS,
    results: ['list', 'show', 'release'],
    'result-values': ['show'],
    'result-holds': ['list', 'create', 'edit', 'export'],
    'result-categories': ['list'],
  },
  // Billing customer service answers patients' questions about their guarantor accounts.
  billing: {
    ...FIND_PATIENTS,
    ...ANSWER_MESSAGES,
    'guarantor-accounts': ['list', 'show'],
    'service-locations': ['list', 'show'],
  },
  // The privacy office finds the patient a complaint is about, then reads who looked at them.
  // It also watches who was given which role, admins included.
  compliance: {
    ...FIND_PATIENTS,
    ...SEE_DEMOGRAPHICS,
    'patient-access-ledger': ['list'],
    'audit-events': ['list', 'show', 'export'],
    'role-changes': ['list', 'export'],
    'proxy-requests': ['list', 'show'],
    'proxy-relationships': ['list'],
    documents: ['list', 'show'],
    'demographic-change-requests': ['list', 'show'],
    'patient-history': ['list', 'export'],
    // The hold register is the hospital's evidence under 45 CFR 171.
    results: ['list', 'show'],
    'result-values': ['show'],
    'result-holds': ['list', 'export'],
    // Every team's conversations with patients and the saved replies they start from, read only.
    'message-threads': ['list', 'show'],
    'saved-replies': ['list', 'show'],
    'guarantor-accounts': ['list', 'show'],
    'service-locations': ['list', 'show'],
  },
  // Administrators load the EHR's patient extracts; they still cannot search or read patients.
  admin: {
    patients: ['import'],
    // The lab feed's results, and the categories with their state-law rules: never a result's value.
    results: ['import'],
    'result-categories': ['list', 'show', 'create', 'edit'],
    // The billing system's guarantor accounts come in by import; reading them is billing's.
    'guarantor-accounts': ['import'],
    // Where the hospital bills from: each location's billing phone and whether it takes online payments.
    'service-locations': ['list', 'show', 'create', 'edit'],
    // The answers each team reuses: templates, never a patient.
    'saved-replies': ['list', 'show', 'create', 'edit', 'delete'],
    'staff-users': ['list', 'show', 'create', 'edit', 'deactivate', 'reactivate', 'reset-password'],
    settings: ['list', 'show', 'edit'],
    'business-holidays': ['list', 'show', 'create', 'edit', 'delete'],
    // Where codes are handed over: retired, never deleted, as old codes point at them. Whoever
    // issues codes reads the active ones through issuing (create on activation-codes).
    'desk-locations': ['list', 'show', 'create', 'edit', 'deactivate', 'reactivate'],
    // What parents see of teenagers, per state: rules, never a patient.
    'proxy-age-tiers': ['list', 'show', 'create', 'edit', 'delete'],
    'portal-tokens': ['list', 'create', 'revoke'],
    // Background jobs carry ids, never patient data: admins watch them, run the expiry, retry failures.
    'job-queues': ['list', 'run'],
    'failed-jobs': ['list', 'retry'],
    // The weekly activation report holds counts only, no patient.
    'activation-codes': ['list'],
  },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function isResource(value: string): value is Resource {
  return (RESOURCES as readonly string[]).includes(value);
}

/** True when any of `roles` grants `action` on `resource`. */
export function can(roles: readonly string[], action: string, resource: string): boolean {
  if (!isResource(resource)) return false;
  return roles.some((role) => isRole(role) && (GRANTS[role][resource] ?? []).includes(action as Action));
}

/** Resources whose records show patients: reading any of them is reading patient data. */
const PATIENT_DATA: readonly Resource[] = [
  'patients',
  'patient-access-ledger',
  'portal-accounts',
  'identity-check-failures',
  'audit-events',
  'proxy-requests',
  'proxy-relationships',
  'documents',
  'demographic-change-requests',
  'patient-history',
  'demographics',
  'results',
  'result-values',
  'result-holds',
  'guarantor-accounts',
  'message-threads',
];
const READS: readonly Action[] = ['list', 'show', 'export'];

/** True when `role` may read patient data anywhere. */
export function readsPatientData(role: Role): boolean {
  return PATIENT_DATA.some((resource) => READS.some((action) => can([role], action, resource)));
}

/**
 * Why a set of roles may not be held by one person, or null. Administrators configure the system
 * and never read patient data; an admin who could also hold a reading role could let themselves in.
 */
export function roleCombinationProblem(roles: readonly Role[]): string | null {
  if (!roles.includes('admin')) return null;
  const reading = roles.filter((role) => role !== 'admin' && readsPatientData(role));
  return reading.length ? `admin cannot be combined with ${reading.join(', ')}: administrators never read patient data` : null;
}

/** The grants of `roles` merged, as served to the console at sign-in. */
export function permissionsFor(roles: readonly string[]): Partial<Record<Resource, Action[]>> {
  const merged: Partial<Record<Resource, Action[]>> = {};
  for (const resource of RESOURCES) {
    const actions = ACTIONS.filter((action) => can(roles, action, resource));
    if (actions.length) merged[resource] = actions;
  }
  return merged;
}

/** Each message topic's team, which is the role its staff hold. */
const TEAM_ROLES: Readonly<Record<MessageTopic, Role>> = MESSAGE_TEAMS;

/** Roles that read every team's threads without answering any (the privacy office). */
const READS_EVERY_QUEUE: readonly Role[] = ['compliance'];

/**
 * The message topics `roles` may read (`read`) or answer (`answer`): each team its own queue;
 * the privacy office reads all and answers none. Every thread route asks this after `can`.
 */
export function messageTopicsFor(roles: readonly string[], mode: 'read' | 'answer'): MessageTopic[] {
  const action = mode === 'read' ? 'show' : 'edit';
  return MESSAGE_TOPICS.filter(
    (topic) =>
      roles.some((role) => role === TEAM_ROLES[topic] && can([role], action, 'message-threads')) ||
      (mode === 'read' && roles.some((role) => isRole(role) && READS_EVERY_QUEUE.includes(role) && can([role], 'show', 'message-threads'))),
  );
}
