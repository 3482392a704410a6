import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { mergeTranslations } from 'react-admin';

/** Every label and message of the console; react-admin's English covers the rest. */
export const portalMessages = {
  ra: {
    auth: {
      logout: 'Sign out',
    },
  },
  resources: {
    patients: {
      name: 'Patient |||| Patients',
      fields: {
        name: 'Name',
        family_name: 'Family name',
        given_name: 'Given name',
        mrn: 'MRN',
        date_of_birth: 'Date of birth',
        age: 'Age',
        sex: 'Sex',
        deceased_date: 'Date of death',
        city: 'City, state',
        phone: 'Phone',
        email: 'Email',
        created_at: 'In PortalDesk since',
        updated_at: 'Last updated from the EHR',
      },
    },
    'patient-access-ledger': {
      name: 'Access ledger entry |||| Access ledger',
      fields: {
        occurred_at: 'When',
        staff_username: 'Who',
        roles: 'Roles',
        action: 'What',
        outcome: 'Outcome',
        client_address: 'From address',
      },
    },
    'staff-users': {
      name: 'Staff user |||| Staff users',
      notifications: {
        updated: 'Staff user saved.',
      },
      fields: {
        q: 'Search',
        username: 'Username',
        display_name: 'Display name',
        roles: 'Roles',
        role: 'Role',
        active: 'Status',
        password_set: 'Password',
        deactivated_at: 'Deactivated at',
        last_sign_in_at: 'Last sign-in',
        created_at: 'Created',
        updated_at: 'Last changed',
      },
    },
    settings: {
      name: 'Setting |||| Settings',
      fields: {
        id: 'Key',
        description: 'Setting',
        value: 'Value',
        updated_at: 'Changed',
        updated_by_username: 'Changed by',
      },
    },
    'audit-events': {
      name: 'Audit event |||| Audit log',
      fields: {
        occurred_at: 'When',
        staff_username: 'Staff username',
        staff_user_id: 'Staff user id',
        roles: 'Roles at the time',
        action: 'What',
        resource: 'Resource',
        resource_id: 'Record id',
        patient_id: 'Patient id',
        patient_name: 'Patient',
        outcome: 'Outcome',
        client_address: 'From address',
        request_id: 'Request id',
        details: 'Details',
        occurred_after: 'From',
        occurred_before: 'Until',
      },
    },
  },
  portal: {
    app: {
      name: 'PortalDesk',
      title: '%{organization} · PortalDesk',
    },
    list: {
      more_than: 'More than %{count} matches.',
    },
    login: {
      title: 'PortalDesk — staff sign-in',
      missing: 'Enter your username and password.',
      signing_in: 'Signing in…',
      forgot: 'Forgot your password? Ask an administrator for a one-time password link.',
    },
    session: {
      ended_idle: 'Your session ended after %{minutes} idle minutes. Please sign in again.',
      idle_title: 'Are you still there?',
      idle_text:
        'To protect patient information, you will be signed out when this countdown ends. Unsaved changes will be lost.',
      stay: 'Stay signed in',
    },
    password: {
      current: 'Current password',
      new: 'New password',
      confirm: 'New password again',
      rule: 'At least 12 characters. Common or breached passwords are refused; no need for digits or symbols — a few unrelated words make a strong password.',
      mismatch: 'The two passwords differ.',
      change_title: 'Change password',
      change_intro:
        'Enter your current password, then the new one twice. Your other sessions end; this one stays signed in.',
      change_submit: 'Change password',
      changed: 'Your password is changed.',
    },
    set_password: {
      title: 'PortalDesk — choose your password',
      checking: 'Checking your link…',
      no_token: 'This page needs the one-time link an administrator gave you. Open that link exactly as you received it.',
      greeting: 'Hello %{name}. Choose a password for the username %{username}. This link works once, until %{time}.',
      submit: 'Set password',
      done: 'Your password is set. Sign in as %{username}.',
    },
    one_time_link: {
      label: 'One-time password link',
      copy: 'Copy link',
      copied: 'Copied',
      copy_failed: 'Copying is not allowed here: select the link and press Ctrl+C.',
      expires: 'Valid until %{time}, for one use.',
      once: 'You will not see this link again. Hand it to %{name} yourself or through a channel you trust: whoever opens it can choose the password.',
      done: 'Done',
    },
    roles: {
      front_desk: {
        name: 'Front desk',
        description: 'Check-in and registration: find patients, activation codes, portal account status.',
      },
      support: {
        name: 'Portal support',
        description: 'Phone support: account help, unlock, reset links, deactivate and reactivate portal accounts.',
      },
      roi: {
        name: 'Release of information',
        description: 'Health information management: proxy requests, documents, demographic changes, records messages.',
      },
      clinical: {
        name: 'Clinical',
        description: 'Providers and nurses: result release decisions and holds.',
      },
      billing: {
        name: 'Billing',
        description: 'Billing customer service: guarantor accounts and billing messages.',
      },
      compliance: {
        name: 'Compliance',
        description: 'Privacy office, read-only: the audit log and each patient’s access ledger.',
      },
      admin: {
        name: 'Administrator',
        description: 'System administrators: staff users, roles and settings.',
      },
    },
    patients: {
      title: '%{name} (MRN %{mrn})',
      deceased: 'Deceased',
      age: '%{smart_count} year |||| %{smart_count} years',
      age_at_death: '%{age} at death',
      address: 'Address',
      refine: 'Refine your search: add a given name ("Family, Given"), a date of birth or an MRN.',
      sex: {
        female: 'Female',
        male: 'Male',
        other: 'Other',
        unknown: 'Unknown',
      },
      sections: {
        identity: 'Identity',
        contact: 'Contact',
        record: 'Record',
      },
      search: {
        label: 'Patient search',
        name: 'Name',
        name_placeholder: 'Family, Given',
        name_help: 'Family name, or "Family, Given". Beginnings of names are enough.',
        match: 'Name match',
        match_prefix: 'Starts with',
        match_contains: 'Contains',
        contains_too_short: 'Type at least %{count} letters to search inside names.',
        mrn: 'MRN',
        date_of_birth: 'Date of birth',
        submit: 'Search',
        clear: 'Clear',
      },
      criteria: {
        name: 'name “%{q}”',
        name_contains: 'a name containing “%{q}”',
        mrn: 'MRN %{mrn}',
        date_of_birth: 'date of birth %{date}',
      },
      empty: {
        search_first: 'Search by name, MRN or date of birth',
        search_first_help:
          'Type a family name (or "Family, Given") and press Enter. Patients are only listed in answer to a search.',
        no_match: 'No patient matches %{criteria}',
        no_match_help:
          'Check the spelling, type fewer letters, choose "Contains", or search by MRN or date of birth instead.',
      },
    },
    ledger: {
      title: 'Access ledger',
      intro:
        'Everyone who opened or searched this record, newest first. Denied and failed attempts are highlighted. Reading this ledger is itself recorded.',
      empty: 'Nobody has accessed this record yet.',
      refine: 'Only the most recent entries can be paged through; use the audit log with a date range for older ones.',
      access: {
        'patient-access-ledger': {
          list: 'Viewed this access ledger',
        },
      },
    },
    access: {
      patients: {
        show: 'Opened the record',
        search: 'Searched',
        list: 'Searched for patients',
      },
      'patient-access-ledger': {
        list: 'Viewed a patient’s access ledger',
      },
      'audit-events': {
        list: 'Browsed the audit log',
        show: 'Opened an audit entry',
        export: 'Exported the audit log',
      },
      'staff-users': {
        list: 'Listed staff users',
        show: 'Opened a staff user',
        create: 'Created a staff user',
        edit: 'Changed a staff user',
        deactivate: 'Deactivated a staff user',
        reactivate: 'Reactivated a staff user',
        'reset-password': 'Issued a password link',
        'set-password': 'Set a password with a one-time link',
        'change-password': 'Changed their own password',
      },
      session: {
        'sign-in': 'Signed in',
        'sign-out': 'Signed out',
      },
      settings: {
        list: 'Viewed the settings',
        show: 'Opened a setting',
        edit: 'Changed a setting',
      },
    },
    audit: {
      title: 'Audit event #%{id}',
      staff: 'Staff member',
      no_staff: 'Nobody signed in',
      no_details: 'No details recorded.',
      raw_action: 'Action code',
      any_outcome: 'Any outcome',
      action_help: 'e.g. show, search, sign-in',
      resource_help: 'e.g. patients, staff-users, session',
      refine: 'Narrow the filter (a date range, a staff username or a patient) to page through all of them.',
      export: 'Export CSV',
      exported: 'The export is downloaded. It holds patient data: keep it where your investigation files are kept.',
      export_failed: 'The export could not be downloaded. Try again; if it keeps failing, tell IT the time it happened.',
      outcomes: {
        success: 'Allowed',
        denied: 'Denied',
        failed: 'Failed',
      },
    },
    import: {
      menu: 'Import patients',
      title: 'Import patients',
      intro:
        'Load a patient extract from the EHR (a CSV file). Check it first: the check writes nothing. A file whose check found no bad row can then be imported; an import is all or nothing, and importing the same file again changes nothing.',
      columns: 'The first line names the columns, in any order. Required: %{required}. Optional: %{optional}.',
      choose: 'Choose CSV file',
      no_file: 'No file chosen.',
      check: 'Check file',
      import: 'Import',
      uploading: 'Sending the file… %{percent}%',
      processing: 'Checking every row…',
      summary: 'Import summary',
      checked: 'The file is clean. The counts say what an import would do; nothing was written yet. Press Import to save it.',
      done: 'Imported: %{inserted} new, %{updated} updated, %{unchanged} unchanged.',
      rejected:
        '%{smart_count} row was rejected, so nothing was written. Fix it in the EHR extract and check the file again. |||| %{smart_count} rows were rejected, so nothing was written. Fix them in the EHR extract and check the file again.',
      rejects_title: 'Rejected rows',
      rejects_truncated: 'The first %{shown} of %{total} rejected rows are listed.',
      download_rejects: 'Download as CSV',
      line: 'Line',
      problem: 'Problem',
      counts: {
        rowsRead: 'Rows read',
        valid: 'Valid',
        rejected: 'Rejected',
        inserted: 'New patients',
        updated: 'Updated',
        unchanged: 'Unchanged',
      },
    },
    settings: {
      search: 'Search settings',
      seeded: 'Installed default',
      value_help: 'Takes effect within 10 seconds on every server; the change is recorded in the audit log.',
    },
    staff_users: {
      search_placeholder: 'Username or name',
      any_role: 'Any role',
      any_status: 'Any status',
      username_help: '2 to 63 characters: letters, digits, dot, dash, underscore. It cannot be changed later.',
      username_fixed: 'A username never changes.',
      username_rule: '2 to 63 characters: letters, digits, dot, dash, underscore; start with a letter or digit.',
      display_name_help: 'How colleagues and the audit log see them, e.g. "Dana Whitfield, RN".',
      roles_help: 'Give only the roles their job needs; every role is checked by the server on each request.',
      pick_role: 'Pick at least one role.',
      never_signed_in: 'Never',
      unknown_admin: 'an administrator',
      deactivated_notice: 'Deactivated by %{by}. Reason: %{reason}',
      status: {
        active: 'Active',
        deactivated: 'Deactivated',
      },
      password: {
        set: 'Set',
        waiting: 'Not chosen yet (waiting for the one-time link)',
      },
      created: {
        title: '%{name} can now choose a password',
        intro:
          'The account exists but has no password yet. Give %{name} this one-time link: it lets them choose their own password. You never see or set it.',
      },
      deactivate: {
        button: 'Deactivate',
        title: 'Deactivate %{name}?',
        explain:
          'They are signed out everywhere at once, cannot sign in, and any unused password link stops working. You can reactivate them later.',
        reason: 'Reason',
        reason_help: 'Required; kept in the audit log, e.g. "Left the hospital on 11/30".',
        reason_required: 'Say why, in a few words.',
        confirm: 'Deactivate',
        done: '%{name} is deactivated and signed out everywhere.',
      },
      reactivate: {
        button: 'Reactivate',
        title: 'Reactivate %{name}?',
        explain:
          'They can sign in again with their existing password. If they no longer know it, issue a password link afterwards.',
        confirm: 'Reactivate',
        done: '%{name} is active again.',
      },
      reset_password: {
        button: 'Password link',
        title: 'Issue a new password link for %{name}?',
        explain:
          'A new one-time link lets them choose a new password; any earlier link stops working. Their current password keeps working until they use the link.',
        confirm: 'Issue link',
        link_title: 'Password link for %{name}',
        link_intro: 'Give %{name} this one-time link to choose a new password.',
      },
    },
  },
};

/** English only: react-admin's messages with ours on top. */
export const i18nProvider = polyglotI18nProvider(
  () => mergeTranslations(englishMessages, portalMessages),
  'en',
  [{ locale: 'en', name: 'English' }],
);
