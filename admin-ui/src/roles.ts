/** The staff roles, in the order the console lists them (admin-api/src/auth/policy.ts). */
export const ROLES = ['front_desk', 'support', 'roi', 'clinical', 'billing', 'compliance', 'admin'] as const;
