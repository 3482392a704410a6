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
export { AppError } from './lib/errors.ts';
export { importPatients, type ImportReport, type RowReject } from './features/patients/patients.import.ts';
export type { Actor } from './lib/audit.ts';
export { buildApp } from './app.ts';
export { hashSecret } from './auth/passwords.ts';
export { parseListQuery } from './lib/list-query.ts';
export { patientList, type PatientFilter } from './features/patients/patients.schema.ts';
export { findPatients } from './features/patients/patients.service.ts';
export { csvLine } from './lib/csv.ts';
