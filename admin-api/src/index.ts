/** What the command-line scripts use from the API's services. */
export { commandLineActor, recordAudit } from './lib/audit.ts';
export { SettingsStore } from './lib/settings.ts';
export { systemClock } from './lib/clock.ts';
export { loadConfig } from './config.ts';
export { ROLES, isRole, type Role } from './auth/policy.ts';
export { createStaffUser } from './features/staff-users/staff-users.service.ts';
export { seedDemoData } from './demo/seed-demo.ts';
export { demoPassword } from './demo/demo-install.ts';
export { createStaffUserBody } from './features/staff-users/staff-users.schema.ts';
