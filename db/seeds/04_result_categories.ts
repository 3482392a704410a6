import type { Knex } from 'knex';

/**
 * The result categories a lab feed uses, inserted when missing and never overwritten: admins
 * rename them, mark them sensitive and give the state-law rules their own citations. The HIV rule
 * is an example a hospital replaces with its state's: some states ask that a positive HIV result
 * be given with counseling before the patient reads it online.
 */
export async function seed(knex: Knex, now: Date): Promise<void> {
  await knex('result_categories')
    .insert(
      [
        { code: 'chemistry', name: 'Chemistry' },
        { code: 'hematology', name: 'Hematology' },
        { code: 'microbiology', name: 'Microbiology' },
        { code: 'urinalysis', name: 'Urinalysis' },
        { code: 'pathology', name: 'Pathology' },
        { code: 'imaging', name: 'Imaging' },
        { code: 'genetics', name: 'Genetics' },
        { code: 'reproductive_sexual_health', name: 'Reproductive and sexual health', proxy_category: 'reproductive_sexual_health' },
        {
          code: 'sti_hiv',
          name: 'STI and HIV',
          proxy_category: 'sti_hiv',
          hold_citation: 'State public health law: HIV test results are given with post-test counseling before they are released online',
          hold_days: 3,
        },
        { code: 'mental_health', name: 'Mental health', proxy_category: 'mental_health' },
        { code: 'substance_use', name: 'Substance use', proxy_category: 'substance_use' },
      ].map((category) => ({ ...category, updated_at: now })),
    )
    .onConflict('code')
    .ignore();
}
