/** The staff roles, in the order the console lists them (admin-api/src/auth/policy.ts). */
export const ROLES = ['front_desk', 'support', 'roi', 'clinical', 'billing', 'compliance', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/**
 * Where each role starts its day after signing in: its main task, not the dashboard's chart
 * (which stays one click away in the menu). A role with no page of its own yet starts on the
 * dashboard. Someone holding several roles lands where the first of them (in ROLES order) does.
 */
const MAIN_TASK = {
  front_desk: '/patients',
  support: '/patients',
  roi: '/proxy-requests',
  billing: '/message-threads',
  compliance: '/audit-events',
  admin: '/staff-users',
} as const satisfies Partial<Record<Role, string>>;

/** The pages staff land on after sign-in: a role's main task, or the dashboard. */
export type LandingPath = (typeof MAIN_TASK)[keyof typeof MAIN_TASK] | '/';

/** The page to open right after sign-in for someone with `roles`, or null for the dashboard. */
export function mainTaskPath(roles: readonly string[]): LandingPath | null {
  const tasks: Partial<Record<Role, LandingPath>> = MAIN_TASK;
  const first = ROLES.find((role) => roles.includes(role) && tasks[role]);
  return first ? tasks[first]! : null;
}
