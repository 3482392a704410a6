import type { ResultHold } from '@portaldesk/admin-api/contract';

type Basis = ResultHold['basis'];
type HarmType = NonNullable<ResultHold['harm_type']>;
type Ending = NonNullable<ResultHold['ended_how']>;

/**
 * Each basis with the rule it stands on. Patient request and preventing harm are exceptions of the
 * information blocking rule (45 CFR 171.202(e), 171.201); a state-law hold follows the standing
 * rule an administrator gave the result's category, whose own citation the register shows beside it.
 */
const BASIS: Record<Basis, string> = {
  patient_request: 'Patient request (45 CFR 171.202(e))',
  preventing_harm: 'Preventing harm (45 CFR 171.201)',
  state_law: 'State law (the category’s standing rule)',
};

/** The three kinds of harm of 45 CFR 171.201(d), as a clinician's determination names them. */
const HARM: Record<HarmType, string> = {
  life_or_physical_safety: 'Likely to endanger the life or physical safety of the patient or another person',
  substantial_harm_to_other_person: 'Likely to cause substantial harm to another person the result refers to',
  substantial_harm_by_representative: 'Access by a personal representative likely to cause substantial harm to the patient or another person',
};

/** How a hold ended, in a sentence with when and, except for the release job, who. */
const ENDED: Record<Ending, string> = {
  expired: 'Ended %{when}: expired, released by the release job',
  released_now: 'Ended %{when}: released now by %{name}',
  basis_withdrawn: 'Ended %{when}: basis withdrawn by %{name}',
  superseded: 'Ended %{when}: replaced by a hold on another basis by %{name}, the result still held',
  recategorized: 'Ended %{when}: a lab correction moved the result out of this rule’s category',
};

/** The same, short, for the filter. */
const ENDING_CHOICE: Record<Ending, string> = {
  expired: 'Ended: expired (release job)',
  released_now: 'Ended: released now',
  basis_withdrawn: 'Ended: basis withdrawn',
  superseded: 'Ended: replaced by a hold on another basis',
  recategorized: 'Ended: moved out of the rule’s category by a lab correction',
};

/**
 * The labels and messages of the hold register and the release queue. Their pages add them
 * (addMessages) as they load; the menu's names are in i18n.ts.
 */
export const resultHoldMessages = {
  resources: {
    'result-holds': {
      fields: {
        patient_name: 'Patient',
        test_name: 'Test',
        accession_number: 'Accession number',
        category: 'Category',
        basis: 'Basis',
        reason: 'Reason given',
        requested_on: 'Patient asked on',
        harm_type: 'Determination of harm',
        decided_by_name: 'Decided by',
        placed_at: 'Placed',
        ends_at: 'Ends',
        ended_at: 'Status',
        extensions: 'Extensions',
      },
    },
  },
  portal: {
    result_holds: {
      patient: '%{name} (MRN %{mrn})',
      open_results: 'Open the results of %{name} (MRN %{mrn})',
      accession: 'Accession %{accession}',
      basis: BASIS,
      harm: HARM,
      until_patient_asks: 'Until the patient asks',
      open: 'Open',
      overdue: 'Overdue',
      overdue_help: 'Past its end: the release job has not released it yet.',
      ended: ENDED,
      ending_choice: ENDING_CHOICE,
      someone: 'a staff member',
      end_reason: '“%{reason}”',
      details: 'Details',
      details_label: 'Details of the hold on %{test} for %{patient}',
      details_title: 'Hold on %{test}',
      close: 'Close',
      sections: {
        patient: 'Patient and result',
        decision: 'Decision',
        course: 'Course',
      },
      search: {
        label: 'Filter the hold register',
        any_basis: 'Any basis',
        status: 'Status',
        any_status: 'Open or ended',
        ended_any: 'Ended (any way)',
        placed_from: 'Placed from (date)',
        placed_to: 'Placed until (date, inclusive)',
      },
      one_patient: 'Only the holds of %{patient}.',
      one_patient_unnamed: 'Only the holds of one patient (no hold matches the other filters).',
      every_patient: 'Show every patient',
      empty: 'No result has been held',
      empty_help: 'Results reach the portal at once unless a clinician holds them on a legal basis; every hold ever placed is listed here.',
      empty_filtered: 'No hold matches these filters',
      empty_filtered_help: 'Clear the filters to see every hold.',
      exported: 'The register is downloaded. It names patients: keep it where compliance files are kept.',
      withdraw: {
        button: 'Withdraw basis…',
        title: 'Withdraw the basis of the hold on %{test} for %{patient}?',
        intro: 'The hold ends now and the result is released to the portal at once. Say why its basis no longer applies; it is kept in the register.',
        reason: 'Why the basis no longer applies',
        reason_help: 'For example: the patient asked to see the result now; the risk of harm has passed.',
        reason_required: 'Write the reason in a few words (at least 3 characters).',
        confirm: 'Withdraw and release',
        done: 'Basis withdrawn: the result of %{test} is released to the portal.',
        conflict: 'Someone acted on this hold first; the register now shows it as it stands.',
      },
      queue: {
        title: 'Release queue',
        intro:
          'Results held now, the hold ending soonest first. Select results to release them to the portal now; each release is recorded with your reason. Open the hold register for the full history.',
        release: 'Release now',
        empty: 'No result is held now',
        empty_help: 'Held results appear here, the one whose hold ends soonest first.',
      },
    },
  },
};
