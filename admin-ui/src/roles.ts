/** The staff roles, in the order the console lists them (admin-api/src/auth/policy.ts). */
export const ROLES = ['front_desk', 'support', 'roi', 'clinical', 'billing', 'compliance', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/**
 * Where each role starts its day after signing in: its main task, not the dashboard's chart
 * (which stays one click away in the menu). A role with no page of its own yet starts on the
 * dashboard. Someone holding several roles lands where the first of them (in ROLES order) does.
 */
const MAIN_TASK: Partial<Record<Role, string>> = {
  front_desk: '/patients',
  support: '/patients',
  compliance: '/audit-events',
  admin: '/staff-users',
};

/** The page to open right after sign-in for someone with `roles`, or null for the dashboard. */
export function mainTaskPath(roles: readonly string[]): string | null {
  const first = ROLES.find((role) => roles.includes(role) && MAIN_TASK[role]);
  return first ? MAIN_TASK[first]! : null;
}
