/**
 * The one table of what each audited action means in words, and the sentences made from it: the
 * console's audit log and access ledger and the API's CSV export all read rows through here, so
 * a row says the same thing on the screen and in an investigation file. Plain values without
 * imports: the console bundles this module through the contract (`@portaldesk/admin-api/contract`).
 * Every action+resource pair the API writes has an entry; audit-labels.test.ts collects the pairs
 * from the code and fails on one without.
 */

/**
 * What one action on one resource means. `text` is the audit log's sentence, with `{patient}`
 * where the patient's name goes; without a patient (or in the patient's own ledger, where the
 * patient goes without saying) the words "of/to/for/by/as {patient}" are left out, unless
 * `ledger` says the ledger's sentence itself. `failed` and `denied` replace `text` for those
 * outcomes; without them the audit log says the outcome after the sentence. `lists` marks a
 * listing whose row records the patients it showed.
 */
export interface AuditWording {
  text: string;
  ledger?: string;
  failed?: string;
  denied?: string;
  lists?: true;
}

/** Resource, then action, as the audit rows carry them. */
export const AUDIT_LABELS: Readonly<Record<string, Readonly<Record<string, AuditWording>>>> = {
  patients: {
    list: { text: 'Listed patients' },
    search: { text: 'Searched patients', ledger: 'Saw this patient among search results', lists: true },
    show: { text: 'Opened the record of {patient}', failed: 'Tried to open a record that does not exist' },
    import: { text: 'Imported an EHR patient extract', failed: 'Imported an EHR patient extract, with rows rejected or the run failed' },
    create: { text: 'Added {patient} from an EHR import', ledger: 'Added this patient from an EHR import' },
    edit: {
      text: 'Changed the record of {patient} in an EHR import',
      ledger: 'Changed this record in an EHR import',
      denied: 'Was refused a correction of a patient record',
    },
    correct: {
      text: 'Corrected the demographics of {patient}',
      ledger: 'Corrected this patient’s demographics',
      failed: 'Tried to correct the demographics of {patient}; someone had saved first',
    },
  },
  'patient-history': {
    list: {
      text: 'Viewed the demographic history of {patient}',
      ledger: 'Viewed this patient’s demographic history',
      failed: 'Tried to view the history of a patient that does not exist',
    },
    export: {
      text: 'Exported the demographic history of {patient}',
      ledger: 'Exported this patient’s demographic history',
      failed: 'Tried to export the history of a patient that does not exist',
    },
  },
  'demographic-change-requests': {
    edit: { text: 'Worked on a demographic change request', denied: 'Was refused work on a demographic change request' },
    submit: { text: 'Portal: {patient} asked to change their demographics', ledger: 'Portal: this patient asked to change their demographics' },
    list: { text: 'Viewed the demographic change queue', ledger: 'Saw this patient in the demographic change queue', lists: true },
    show: {
      text: 'Opened the demographic change request of {patient}',
      ledger: 'Opened this patient’s demographic change request',
      failed: 'Tried to open a demographic change request that does not exist',
    },
    review: {
      text: 'Reviewed the demographic change request of {patient}',
      ledger: 'Reviewed this patient’s demographic change request',
      failed: 'Tried to review the demographic change request of {patient}; someone had reviewed or changed it first',
    },
  },
  results: {
    import: { text: 'Imported a lab results file', failed: 'Imported a lab results file, with rows rejected or the run failed' },
    create: { text: 'Added results of {patient} from a lab import', ledger: 'Added this patient’s results from a lab import' },
    correct: { text: 'Corrected results of {patient} from a lab import', ledger: 'Corrected this patient’s results from a lab import' },
    list: {
      text: 'Viewed the results of {patient}',
      ledger: 'Viewed this patient’s results',
      failed: 'Tried to view the results of a patient that does not exist',
    },
    'list-corrections': {
      text: 'Viewed the corrections of a result of {patient}',
      ledger: 'Viewed the corrections of one of this patient’s results',
      failed: 'Tried to view the corrections of a result that does not exist',
    },
    hold: { text: 'Held a result of {patient} from the portal', ledger: 'Held one of this patient’s results from the portal' },
    'extend-hold': { text: 'Extended the hold on a result of {patient}', ledger: 'Extended the hold on one of this patient’s results' },
    release: { text: 'Released a result of {patient} to the portal', ledger: 'Released one of this patient’s results to the portal' },
    'portal-read': {
      text: 'Portal: results of {patient} were read',
      ledger: 'Portal: this patient’s results were read',
      denied: 'Portal: was refused the results of a patient',
    },
  },
  // Denials only: reading a result's values is audited as the results it reads.
  'result-values': {
    show: { text: 'Read the values of results', denied: 'Was refused the values or corrections of a result' },
  },
  'result-categories': {
    list: { text: 'Listed the result categories', denied: 'Was refused the list of result categories' },
    show: { text: 'Opened a result category', denied: 'Was refused a result category' },
    create: { text: 'Added a result category', denied: 'Was refused adding a result category' },
    edit: { text: 'Changed a result category or its state-law rule', denied: 'Was refused changing a result category' },
  },
  'result-holds': {
    create: { text: 'Placed holds on results', denied: 'Was refused placing a hold on a result' },
    edit: { text: 'Withdrew the basis of a result hold', denied: 'Was refused withdrawing the basis of a result hold' },
    list: { text: 'Viewed the result hold register', ledger: 'Saw this patient in the result hold register', lists: true },
    export: {
      text: 'Exported the result hold register',
      ledger: 'Was in an export of the result hold register',
      failed: 'Tried to export more of the result hold register than one export holds',
    },
  },
  'patient-access-ledger': {
    list: { text: 'Viewed the access ledger of {patient}', ledger: 'Viewed this access ledger' },
  },
  'audit-events': {
    list: { text: 'Searched the audit log for {patient}', ledger: 'Searched the audit log for this patient' },
    show: { text: 'Opened an audit entry about {patient}', ledger: 'Opened an audit entry about this patient' },
    export: { text: 'Exported the audit log for {patient}', ledger: 'Exported the audit log of this patient' },
  },
  'role-changes': {
    list: { text: 'Read the role-change report' },
    export: { text: 'Exported the role-change report' },
  },
  'staff-users': {
    'grant-role': { text: 'Granted a role' },
    'remove-role': { text: 'Removed a role' },
    list: { text: 'Listed staff users' },
    show: { text: 'Opened a staff user' },
    create: { text: 'Created a staff user' },
    edit: { text: 'Changed a staff user' },
    deactivate: { text: 'Deactivated a staff user' },
    reactivate: { text: 'Reactivated a staff user' },
    'reset-password': { text: 'Issued a password link' },
    'set-password': { text: 'Set a password with a one-time link' },
    'change-password': { text: 'Changed their own password', failed: 'Tried to change their own password with a wrong current password' },
    expire: { text: 'A staff password link expired unused' },
  },
  session: {
    'sign-in': { text: 'Signed in', failed: 'Failed sign-in to PortalDesk', denied: 'Sign-in to PortalDesk refused' },
    'sign-out': { text: 'Signed out' },
    access: { text: 'Signed out or changed their password', denied: 'Sign-out or password change refused: no valid session' },
  },
  'supported-languages': {
    access: { text: 'Read the supported languages', denied: 'Was refused the supported languages: no valid session' },
  },
  api: {
    access: { text: 'Requests refused before sign-in (a tally)' },
  },
  'job-queues': {
    list: { text: 'Viewed the background jobs' },
    run: { text: 'Ran a scheduled job now' },
  },
  'failed-jobs': {
    list: { text: 'Viewed the failed jobs' },
    retry: { text: 'Retried a failed job' },
  },
  'activation-codes': {
    list: { text: 'Listed activation codes' },
    create: { text: 'Issued an activation code to {patient}', failed: 'Could not issue an activation code to {patient}' },
    redeem: { text: 'Portal: activation code redeemed for {patient}', failed: 'Portal: activation code refused for {patient}' },
    report: { text: 'Read the weekly activation report' },
    expire: { text: 'An activation code of {patient} expired unused' },
  },
  'portal-accounts': {
    show: { text: 'Viewed the portal account of {patient}', failed: 'Tried to view the portal account of a patient that does not exist' },
    unlock: { text: 'Unlocked the portal account of {patient}' },
    deactivate: { text: 'Deactivated the portal account of {patient}' },
    reactivate: { text: 'Reactivated the portal account of {patient}' },
    'reset-password': { text: 'Sent a portal password-reset link to {patient}' },
    'reset-password-used': { text: 'Portal: password-reset link used by {patient}' },
    'sign-in-success': { text: 'Portal: signed in as {patient}' },
    // The portal reports these as failed: the sentence says so already.
    'sign-in-failure': { text: 'Portal: failed sign-in as {patient}', failed: 'Portal: failed sign-in as {patient}' },
    'sign-in-locked': {
      text: 'Portal: account of {patient} locked after failed sign-ins',
      failed: 'Portal: account of {patient} locked after failed sign-ins',
    },
    expire: { text: 'A portal password-reset link for {patient} expired unused' },
  },
  'identity-check-failures': {
    create: { text: 'Portal: identity check failed at sign-up for {patient}' },
    list: { text: 'Viewed the identity-check queue', ledger: 'Saw this patient in the identity-check queue', lists: true },
    show: { text: 'Opened the identity-check case of {patient}' },
    edit: { text: 'Resolved the identity-check case of {patient}' },
  },
  'proxy-requests': {
    create: { text: 'Portal: proxy access requested for {patient}', ledger: 'Portal: someone asked for proxy access to this patient' },
    show: {
      text: 'Opened the proxy request for {patient}',
      ledger: 'Opened a proxy request this patient is part of (as the patient or the requester)',
      failed: 'Tried to open a proxy request that does not exist',
      lists: true,
    },
    list: { text: 'Viewed the proxy request queue', ledger: 'Saw this patient in the proxy request queue (as the patient or the requester)', lists: true },
    'add-documents': { text: 'Portal: documents added to the proxy request for {patient}' },
    withdraw: { text: 'Portal: the proxy request for {patient} was withdrawn by the requester' },
    approve: { text: 'Approved the proxy request for {patient}' },
    deny: { text: 'Denied the proxy request for {patient}' },
    ask: { text: 'Asked the requester for more information on the proxy request for {patient}' },
    assign: { text: 'Took the proxy request for {patient}' },
    // Written only when a role without the right is refused a decision or taking a request.
    edit: { text: 'Worked on a proxy request', denied: 'Was refused work on a proxy request' },
  },
  'proxy-relationships': {
    create: { text: 'Gave a proxy access to {patient}', ledger: 'Gave a proxy access to this patient' },
    list: { text: 'Viewed the proxies of {patient}', ledger: 'Viewed the proxies of this patient or of someone in their care', lists: true },
    revoke: { text: 'Revoked a proxy’s access to {patient}', ledger: 'Revoked a proxy’s access to this patient' },
    explain: { text: 'Read who can see the record of {patient}', ledger: 'Read who can see this patient’s record', lists: true },
    'check-access': { text: 'Portal: checked whose records {patient} may see', ledger: 'Portal: checked whose records may be seen', lists: true },
    restrict: { text: 'Portal: {patient} hid more from a parent or guardian', ledger: 'Portal: the patient hid more from a parent or guardian' },
    'lift-restriction': { text: 'Portal: {patient} lifted what they hid from a parent or guardian', ledger: 'Portal: the patient lifted a restriction' },
    'list-age-changes': { text: 'Read the proxy birthday worklist', ledger: 'Was on the proxy birthday worklist', lists: true },
    end: { text: 'A proxy’s access to {patient} ended by itself', ledger: 'A proxy’s access to this patient ended by itself' },
  },
  'proxy-age-tiers': {
    list: { text: 'Viewed the proxy age rules' },
    show: { text: 'Opened proxy age rules' },
    create: { text: 'Gave a state its own proxy age rules' },
    edit: { text: 'Changed proxy age rules' },
    delete: { text: 'Removed a state’s own proxy age rules' },
  },
  documents: {
    create: {
      text: 'Uploaded a document for {patient}',
      ledger: 'Uploaded a document for this patient',
      denied: 'Was refused a document upload',
      failed: 'Tried to upload a document for a patient that does not exist',
    },
    show: { text: 'Opened a document of {patient}', ledger: 'Opened a document of this patient' },
    list: { text: 'Listed the documents of {patient}', ledger: 'Listed this patient’s documents' },
  },
  'business-holidays': {
    list: { text: 'Viewed the holidays' },
    show: { text: 'Opened a holiday' },
    create: { text: 'Added a holiday' },
    edit: { text: 'Changed a holiday' },
    delete: { text: 'Removed a holiday' },
  },
  'desk-locations': {
    list: { text: 'Viewed the desk locations' },
    show: { text: 'Opened a desk location' },
    create: { text: 'Added a desk location' },
    edit: { text: 'Renamed a desk location' },
    deactivate: { text: 'Retired a desk location' },
    reactivate: { text: 'Restored a retired desk location' },
  },
  'message-threads': {
    list: { text: 'Viewed a customer-service message queue', ledger: 'Saw this patient in a customer-service message queue', lists: true },
    show: {
      text: 'Opened the message thread of {patient}',
      ledger: 'Opened this patient’s message thread',
      failed: 'Tried to open a message thread that does not exist',
      denied: 'Was refused a message thread of {patient}',
    },
    stats: { text: 'Viewed the customer-service team dashboards' },
    submit: {
      text: 'Portal: {patient} sent a customer-service message',
      ledger: 'Portal: this patient sent a customer-service message',
      failed: 'Portal: refused a billing message of {patient} naming a guarantor account that is not an open one of theirs',
    },
    'portal-reply': {
      text: 'Portal: {patient} answered in a message thread',
      ledger: 'Portal: this patient answered in a message thread',
      failed: 'Portal: refused a reply to a message thread that does not exist',
      denied: 'Portal: refused a reply in the message thread of {patient} from another portal account',
    },
    'portal-read': { text: 'Portal: the messages of {patient} were read', ledger: 'Portal: this patient’s messages were read' },
    reply: {
      text: 'Replied to {patient} in a message thread',
      ledger: 'Replied to this patient in a message thread',
      failed:
        'Tried to reply in the message thread of {patient}: it did not exist, someone had replied or changed it first, or the saved reply was not one of the team’s',
      denied: 'Was refused a reply in a message thread of {patient}',
    },
    note: {
      text: 'Added an internal note to the message thread of {patient}',
      ledger: 'Added an internal note to this patient’s message thread',
      failed: 'Tried to add a note to a message thread that does not exist',
      denied: 'Was refused a note in a message thread of {patient}',
    },
    edit: {
      text: 'Changed the status or assignee of the message thread of {patient}',
      ledger: 'Changed the status or assignee of this patient’s message thread',
      failed: 'Tried to change the message thread of {patient}: it did not exist, or someone had replied or changed it first',
      denied: 'Was refused a change to a message thread of {patient}',
    },
    // Written only for refusals: announcing a draft reads and changes no patient data.
    draft: {
      text: 'Wrote a reply to the message thread of {patient}',
      failed: 'Tried to write in a message thread that does not exist',
      denied: 'Was refused writing in a message thread of {patient}',
    },
    'fill-saved-replies': {
      text: 'Filled saved replies for the message thread of {patient}',
      ledger: 'Filled saved replies with this patient’s details',
      failed: 'Tried to fill saved replies for a message thread that does not exist',
      denied: 'Was refused saved replies for a message thread of {patient}',
    },
  },
  'saved-replies': {
    list: { text: 'Viewed the saved replies' },
    show: { text: 'Opened a saved reply' },
    create: { text: 'Added a saved reply' },
    edit: { text: 'Changed a saved reply' },
    delete: { text: 'Removed a saved reply' },
  },
  'portal-tokens': {
    list: { text: 'Viewed the portal tokens' },
    create: { text: 'Created a portal token' },
    revoke: { text: 'Revoked a portal token' },
  },
  settings: {
    list: { text: 'Viewed the settings' },
    show: { text: 'Opened a setting' },
    edit: { text: 'Changed a setting' },
  },
  'service-locations': {
    list: { text: 'Viewed the service locations', denied: 'Was refused the service locations' },
    show: { text: 'Opened a service location', denied: 'Was refused a service location' },
    create: { text: 'Added a service location', denied: 'Was refused adding a service location' },
    edit: { text: 'Changed a service location', denied: 'Was refused changing a service location' },
  },
  'guarantor-accounts': {
    import: {
      text: 'Imported a guarantor accounts file',
      failed: 'Imported a guarantor accounts file, with rows rejected or the run failed',
      denied: 'Was refused importing guarantor accounts',
    },
    create: { text: 'Added a guarantor account of {patient} from a billing import', ledger: 'Added a guarantor account of this patient from a billing import' },
    edit: { text: 'Changed a guarantor account of {patient} in a billing import', ledger: 'Changed a guarantor account of this patient in a billing import' },
    list: {
      text: 'Viewed the guarantor accounts',
      ledger: 'Saw this patient among guarantor accounts listed',
      denied: 'Was refused the guarantor accounts',
      lists: true,
    },
    show: {
      text: 'Opened a guarantor account of {patient}',
      ledger: 'Opened a guarantor account of this patient',
      failed: 'Tried to open a guarantor account that does not exist',
      denied: 'Was refused a guarantor account',
    },
    'guest-lookup': {
      text: 'Portal: a guest looked up a guarantor account of {patient} to pay',
      ledger: 'Portal: a guest looked up a guarantor account of this patient to pay',
      failed: 'Portal: a guest payment lookup matched no open account',
    },
  },
};

/** An audit row as the audit log and the CSV export read it. */
export interface AuditRowFacts {
  action: string;
  resource: string;
  outcome: string;
  /** "Family, Given" as the console names patients. */
  patient_name?: string | null;
  patient_mrn?: string | null;
  /** How many patients a listing showed; null when the row is not one or showed nobody. */
  listed_count?: number | null;
}

/** What a patient search asked for, in the parts that may be repeated in a listed patient's ledger. */
export interface SearchedFor {
  name?: string;
  match?: 'prefix' | 'contains';
  mrn?: string;
  /** YYYY-MM-DD */
  date_of_birth?: string;
  /** How many patients were looked up by id (never which). */
  chosen?: number;
}

/** An entry of one patient's access ledger. */
export interface LedgerEntryFacts {
  action: string;
  resource: string;
  outcome: string;
  /** How many patients the listing showed, this one among them; null for a look at the record itself. */
  listed_among?: number | null;
  /** For a patient search, what it asked for; absent for other entries. */
  searched_for?: SearchedFor | null;
}

const OUTCOME_WORDS: Record<string, string> = { denied: 'refused', failed: 'failed' };

const PATIENT_PHRASE = /\s+(?:of|to|for|by|as|about)\s+\{patient\}/;

function wordingOf(resource: string, action: string): AuditWording | undefined {
  return Object.hasOwn(AUDIT_LABELS, resource) && Object.hasOwn(AUDIT_LABELS[resource], action) ? AUDIT_LABELS[resource][action] : undefined;
}

/** `text` with the patient named, or without the words that would name one. */
function withPatient(text: string, patient: string | null): string {
  if (patient) return text.replace('{patient}', patient);
  return text.replace(PATIENT_PHRASE, '').replace('{patient}', 'a patient');
}

/** The sentence for an outcome: its own wording if the table has one, else the sentence and what became of it. */
function forOutcome(wording: AuditWording, outcome: string, patient: string | null, ledger: boolean): string {
  const own = outcome === 'failed' ? wording.failed : outcome === 'denied' ? wording.denied : undefined;
  if (own) return withPatient(own, ledger ? null : patient);
  const text = ledger && wording.ledger ? wording.ledger : withPatient(wording.text, ledger ? null : patient);
  // The audit log's sentence also travels alone, in the export's what_happened column; the ledger shows the outcome beside it.
  return !ledger && OUTCOME_WORDS[outcome] ? `${text} — ${OUTCOME_WORDS[outcome]}` : text;
}

/** "sign-in-weird" on "portal-accounts" as "Sign in weird (portal accounts)": a code nobody labelled yet, still readable. */
function unlabelled(action: string, resource: string): string {
  const words = (code: string) =>
    String(code ?? '')
      .replace(/[-_]+/g, ' ')
      .trim() || 'unknown';
  const did = words(action);
  return `${did.charAt(0).toUpperCase()}${did.slice(1)} (${words(resource)})`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The patient as an audit sentence names them: "SMITH, Ada (MRN 10000172)". */
function patientWords(row: AuditRowFacts): string | null {
  if (!row.patient_name && !row.patient_mrn) return null;
  if (!row.patient_mrn) return row.patient_name!;
  return row.patient_name ? `${row.patient_name} (MRN ${row.patient_mrn})` : `the patient with MRN ${row.patient_mrn}`;
}

/**
 * An audit row as a sentence: "Viewed the portal account of SMITH, Ada (MRN 10000172)",
 * "Portal: failed sign-in", "Searched patients: 12 listed". A pair the table lacks reads as its
 * codes in words.
 */
export function describeAuditEvent(row: AuditRowFacts): string {
  const patient = patientWords(row);
  const wording = wordingOf(row.resource, row.action);
  if (!wording) {
    const text = unlabelled(row.action, row.resource);
    return patient ? `${text} · ${patient}` : text;
  }
  const sentence = forOutcome(wording, row.outcome, patient, false);
  if (!wording.lists || row.outcome !== 'success') return sentence;
  const listed = row.listed_count ?? 0;
  return `${sentence}: ${listed ? `${listed} listed` : 'nobody listed'}`;
}

const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** What a search asked for, in words: 'names starting “Smi” and born April 7, 1984'. */
export function searchedForWords(searched: SearchedFor): string {
  const parts: string[] = [];
  if (searched.name) parts.push(`names ${searched.match === 'contains' ? 'containing' : 'starting'} “${searched.name}”`);
  if (searched.mrn) parts.push(`MRN ${searched.mrn}`);
  if (searched.date_of_birth) {
    const day = new Date(`${searched.date_of_birth}T00:00:00Z`);
    parts.push(`born ${Number.isNaN(day.getTime()) ? searched.date_of_birth : longDate.format(day)}`);
  }
  if (searched.chosen) parts.push(plural(searched.chosen, 'chosen patient', 'chosen patients'));
  return parts.join(' and ');
}

/**
 * An entry of a patient's access ledger as a sentence about "this" patient: "Opened the record",
 * "Searched for names starting “Smi”: listed among 12 results".
 */
export function describeLedgerEntry(entry: LedgerEntryFacts): string {
  const wording = wordingOf(entry.resource, entry.action);
  let sentence = wording ? forOutcome(wording, entry.outcome, null, true) : unlabelled(entry.action, entry.resource);
  if (entry.searched_for) {
    const words = searchedForWords(entry.searched_for);
    sentence = words ? `Searched for ${words}` : 'Browsed the patient list';
  }
  return entry.listed_among ? `${sentence}: listed among ${plural(entry.listed_among, 'result', 'results')}` : sentence;
}
