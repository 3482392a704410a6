/**
 * The labels and messages of a patient's demographic history: the History tab of the record and
 * the list of others' changes a refused correction shows. Those pages add them (addMessages) as
 * they load.
 */
export const patientHistoryMessages = {
  resources: {
    'patient-history': {
      name: 'Demographic history',
      fields: {
        changed_at: 'When',
        field: 'Field',
        change: 'Old → new',
        changed_by_name: 'Who',
        source: 'From',
        reason: 'Why',
        document_id: 'Document',
      },
    },
  },
  portal: {
    patient_history: {
      title: 'Demographic history',
      intro: 'Every change to a demographic field, newest first.',
      filter: 'Field',
      any_field: 'All fields',
      empty: 'No change to a demographic field is on record.',
      empty_help: 'Corrections, accepted requests and EHR imports appear here.',
      empty_field: 'No change to %{field} is on record.',
      empty_field_help: 'Choose “All fields” to see every change.',
      source: {
        staff_correction: 'Staff correction',
        change_request: 'Patient’s change request',
        import: 'EHR import',
      },
      request: 'Patient’s change request %{id}',
      document: 'Open (new tab)',
      document_on_file: 'On file',
      nobody: 'Not recorded',
      exported: 'The whole history is downloaded (CSV, oldest first).',
      change: '%{from} → %{to}',
    },
  },
};
