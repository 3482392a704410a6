import type { Knex } from 'knex';

/**
 * Phones were stored as a US number written NNN-NNN-NNNN; from now on they are E.164
 * (+1NNNNNNNNNN), the form the portal sends and telephony systems dial. Every stored phone was
 * written by the import in the old form, so the conversion is exact.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE patients SET phone = '+1' || replace(phone, '-', '') WHERE phone ~ '^[0-9]{3}-[0-9]{3}-[0-9]{4}$'`);
  await knex.raw(`ALTER TABLE patients ADD CONSTRAINT patients_phone_e164 CHECK (phone IS NULL OR phone ~ '^\\+[1-9][0-9]{6,14}$') NOT VALID`);
  await knex.raw('ALTER TABLE patients VALIDATE CONSTRAINT patients_phone_e164');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients DROP CONSTRAINT patients_phone_e164');
  await knex.raw(`UPDATE patients SET phone = substr(phone, 3, 3) || '-' || substr(phone, 6, 3) || '-' || substr(phone, 9) WHERE phone ~ '^\\+1[0-9]{10}$'`);
}
