/**
 * The per-patient access ledger has no page of its own: the patient's show page embeds it.
 * Registering the resource gives it labels and lets canAccess name it.
 */
export { PatientAccessLedger } from './PatientAccessLedger.tsx';
