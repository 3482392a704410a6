import type { LabResult } from '@portaldesk/admin-api/contract';

/** A result as the API answers it to a clinician, for the console's tests; `overrides` change what a test is about. */
export const testResult = (overrides: Partial<LabResult> = {}): LabResult => ({
  id: 1,
  patient_id: 101,
  accession_number: 'ACC-1001',
  loinc_code: '4548-4',
  test_name: 'Hemoglobin A1c',
  category: 'chemistry',
  category_name: 'Chemistry',
  sensitive: false,
  performed_at: '2026-11-29T14:00:00Z',
  resulted_at: '2026-11-30T15:00:00Z',
  received_at: '2026-11-30T15:01:00Z',
  status: 'released',
  released_at: '2026-11-30T15:01:00Z',
  hold: null,
  corrected_at: null,
  corrections: 0,
  values_withheld: false,
  value: '6.8',
  value_numeric: 6.8,
  unit: '%',
  reference_range: '4.0-5.6',
  reference_low: 4,
  reference_high: 5.6,
  abnormal_flag: 'H',
  ...overrides,
});

/** The same result as ROI and support get it: whether it reached the portal, not what it says. */
export const withheld = (result: LabResult): LabResult => ({
  ...result,
  values_withheld: true,
  value: null,
  value_numeric: null,
  unit: null,
  reference_range: null,
  reference_low: null,
  reference_high: null,
  abnormal_flag: null,
});
