import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import type { NewDocument } from '../proxy-requests/proxy-requests.repo.ts';
import { insertStaffDocument, patientExists } from './documents.repo.ts';

/** Stores a document staff uploaded for a patient, with its audit row; a patient that does not exist is a 404, audited too. */
export async function uploadPatientDocument(knex: Knex, actor: Actor, patientId: number, document: NewDocument) {
  if (!(await patientExists(knex, patientId))) {
    await recordAudit(knex, actor, { action: 'create', resource: 'documents', resourceId: patientId, outcome: 'failed', details: { reason: 'not_found' } });
    throw notFound('Patient');
  }
  return knex.transaction(async (trx) => {
    const row = await insertStaffDocument(trx, patientId, document, actor.staffUserId!, actor.clock());
    await recordAudit(trx, actor, { action: 'create', resource: 'documents', resourceId: row.id, patientId });
    return row;
  });
}
