import type { Knex } from '@portaldesk/db';
import type { NewDocument } from '../proxy-requests/proxy-requests.repo.ts';

type Db = Knex | Knex.Transaction;

export const DOCUMENT_COLUMNS = ['id', 'received_at', 'source', 'file_name', 'media_type', 'bytes', 'sha256', 'proxy_request_id'];

/** Stores a document staff uploaded for a patient; returns it as the documents list shows it. */
export async function insertStaffDocument(knex: Db, patientId: number, document: NewDocument, uploadedBy: number, receivedAt: Date) {
  const [row] = await knex('documents')
    .insert({
      patient_id: patientId,
      received_at: receivedAt,
      source: 'staff',
      uploaded_by: uploadedBy,
      file_name: document.fileName,
      media_type: document.mediaType,
      bytes: document.bytes,
      sha256: document.sha256,
      content: document.content,
    })
    .returning(DOCUMENT_COLUMNS);
  return row as Record<string, unknown> & { id: number };
}

/**
 * A document staff uploaded for this patient, if it is one: the proof of a legal change is what
 * staff saw, never a form the portal sent for something else.
 */
export async function findStaffDocument(knex: Db, patientId: number, documentId: number): Promise<{ id: number } | undefined> {
  return knex('documents').first('id').where({ id: documentId, patient_id: patientId, source: 'staff' });
}

export async function patientExists(knex: Db, patientId: number): Promise<boolean> {
  return Boolean(await knex('patients').first('id').where({ id: patientId }));
}
