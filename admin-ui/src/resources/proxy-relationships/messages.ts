import type { ProxyAgeTier, ProxyRelationship, ProxyRelationshipKind } from '@portaldesk/admin-api/contract';

/** A category of the record that can be hidden from a proxy (the age rules hide the sensitive ones). */
export type RecordCategory = ProxyRelationship['hidden'][number]['category'];
/** The sensitive categories, which the age rules may hide from parents of teenagers. */
export type SensitiveCategory = ProxyAgeTier['hidden_categories'][number];

/** The categories in the words the API's sentences use (admin-api proxy-access.ts, CATEGORY_WORDS). */
const CATEGORY_WORDS: Record<RecordCategory, string> = {
  reproductive_sexual_health: 'Reproductive and sexual health',
  sti_hiv: 'STI and HIV',
  mental_health: 'Mental health',
  substance_use: 'Substance use',
  test_results: 'Test results',
  medications: 'Medications',
  messages: 'Messages',
  billing: 'Billing',
  appointments: 'Appointments',
};

/** What the person on the patient's side is to the patient. */
const ROLE: Record<ProxyRelationshipKind, string> = {
  parent: 'Parent',
  legal_guardian: 'Legal guardian',
  power_of_attorney: 'Power of attorney',
  health_care_proxy: 'Health-care proxy',
  court_appointed_guardian: 'Court-appointed guardian',
  authorized_by_patient: 'Authorized by the patient',
};

/** What this patient is to the person whose record they see. */
const ACTS_AS: Record<ProxyRelationshipKind, string> = {
  parent: 'This patient is their parent',
  legal_guardian: 'This patient is their legal guardian',
  power_of_attorney: 'This patient holds their power of attorney',
  health_care_proxy: 'This patient is their health-care proxy',
  court_appointed_guardian: 'This patient is their court-appointed guardian',
  authorized_by_patient: 'This patient is authorized by them',
};

const STATUS: Record<ProxyRelationship['status'], string> = {
  live: 'Sees the record',
  not_visible: 'Sees nothing today',
  ended: 'Ended',
};

/**
 * The labels and messages of proxy access in the console: the Proxies panel of a patient, the
 * birthday worklist and the age rules. i18n.ts merges them over the console's own.
 */
export const proxyAccessMessages = {
  resources: {
    'proxy-relationships': {
      name: 'Proxy relationship |||| Proxy relationships',
      fields: { reason: 'Reason for revoking', version: 'Version' },
    },
    'proxy-age-tiers': {
      name: 'Age rule |||| Age rules',
      fields: {
        id: 'Applies to',
        state: 'State',
        teenFromAge: 'Parents’ view narrows at age',
        teen_from_age: 'Parents’ view narrows at age',
        adultAtAge: 'Minor proxy access ends at age',
        adult_at_age: 'Minor proxy access ends at age',
        hiddenCategories: 'Hidden from parents and guardians of teenagers',
        hidden_categories: 'Hidden from parents and guardians of teenagers',
        updated_at: 'Last changed',
        updated_by_name: 'Changed by',
        version: 'Version',
      },
    },
  },
  portal: {
    proxies: {
      title: 'Proxies',
      patient_side: 'Who can see this patient’s record',
      proxy_side: 'Whose records this patient can see',
      patient_side_empty: 'Nobody has proxy access to this patient’s record.',
      proxy_side_empty: 'This patient has no proxy access to anyone else’s record.',
      ended: 'Ended (%{smart_count})',
      role: ROLE,
      acts_as: ACTS_AS,
      level: { full: 'Full access', limited: 'Limited access (sensitive categories hidden)' },
      kind: { minor: 'for a minor', adult: 'for an adult' },
      status: STATUS,
      portal_user: 'portal user %{username}',
      since: 'since %{date}',
      until: 'until %{date}',
      no_end: 'no end date',
      ended_on: 'ended %{date}',
      revoke: 'Revoke',
      revoke_label: 'Revoke the access of %{proxy} to the record of %{patient}',
      revoke_title: 'Revoke %{proxy}’s access to %{patient}’s record?',
      revoke_intro:
        'The access ends at once: the portal stops showing %{patient}’s record to %{proxy}. It cannot be undone; only a new request can give access again.',
      reason: 'Reason for revoking',
      reason_help: 'Kept with the relationship and in the audit log, e.g. “Court order: custody changed.”',
      reason_required: 'Write the reason in a few words (at least 3 characters).',
      revoked: 'Revoked: %{proxy} no longer sees %{patient}’s record.',
      reload: 'Reload',
      who_sees: 'Who sees what, and why',
      who_sees_hide: 'Hide who sees what',
      who_title: 'Who sees %{name}’s portal record today, and why',
      who_on: 'As of %{date}: %{name} is %{smart_count} year old. |||| As of %{date}: %{name} is %{smart_count} years old.',
      who_nobody: 'Nobody sees this record in the portal: the patient has no portal account and nobody has proxy access.',
      own_account: 'Own portal account (%{username})',
      through_proxy: '%{relationship}, portal user %{username}',
      sees_something: 'Sees part or all',
      sees_nothing: 'Sees nothing',
      print: 'Print',
      category: CATEGORY_WORDS,
    },
    age_changes: {
      menu: 'Birthday worklist',
      title: 'Birthday worklist',
      intro:
        'Patients with proxies whose age rules change soon, soonest first. When a child reaches the teen age, sensitive categories become hidden from parents and guardians; when they come of age, a minor’s proxy access ends by itself.',
      days_label: 'Birthdays in the next',
      days: '%{smart_count} day |||| %{smart_count} days',
      print: 'Print',
      caption: 'Birthdays in the next %{smart_count} day, soonest first |||| Birthdays in the next %{smart_count} days, soonest first',
      on: 'Birthday',
      patient: 'Patient',
      turns: 'Turns',
      change_column: 'What changes',
      proxies: 'For whom, from that day',
      mrn: 'MRN %{mrn}',
      change: {
        teen: 'Sensitive categories become hidden from parents and guardians',
        adult: 'Proxy access for a minor ends; only the patient’s own authorization can continue it',
      },
      proxy: '%{name} (%{relationship})',
      relationship: {
        parent: 'parent',
        legal_guardian: 'legal guardian',
        power_of_attorney: 'power of attorney',
        health_care_proxy: 'health-care proxy',
        court_appointed_guardian: 'court-appointed guardian',
        authorized_by_patient: 'authorized by the patient',
      } satisfies Record<ProxyRelationshipKind, string>,
      empty:
        'No patient with a proxy has a birthday that changes their access in the next %{smart_count} day. |||| No patient with a proxy has a birthday that changes their access in the next %{smart_count} days.',
      empty_help: 'Choose a longer period to look further ahead.',
    },
    age_tiers: {
      default: 'Default (every state without rules of its own)',
      title: 'Age rules: %{name}',
      state_help: 'The two-letter code of a US state or territory, e.g. CT. Patients whose address is there follow these rules.',
      state_rule: 'Write a two-letter state code such as CT.',
      teen_help: 'From this birthday, the categories ticked below are hidden from parents and guardians; the teenager may hide more.',
      adult_help: 'On this birthday a parent’s or guardian’s access ends by itself; only the patient’s own authorization can continue it.',
      teen_range: 'Must be a whole number from 1 to 17.',
      adult_range: 'Must be a whole number from 18 to 21.',
      hidden_help: 'What parents and guardians of teenagers do not see in the portal.',
      none_hidden: 'Nothing hidden',
      by_system: 'Set at installation',
      saved: 'Age rules saved: the portal applies them from its next question.',
      created: 'Age rules added for %{id}.',
      default_stays: 'The default rules apply wherever a state has none: they can be changed, not removed.',
      delete: 'Remove',
      delete_title: 'Remove the age rules for %{id}?',
      delete_content: 'Patients living in %{id} will follow the default age rules again, from the portal’s next question.',
    },
  },
};
