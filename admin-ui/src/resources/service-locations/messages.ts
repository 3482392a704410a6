/**
 * The labels and messages of the service locations admins keep: the list, the create and edit
 * forms, and what a save refused as stale says. The pages add them (addMessages) as they load;
 * the menu's name for the resource is in i18n.ts. The form's fields are named as the API's
 * bodies name them (billingPhone), so the API's field errors land under the right input.
 */
export const serviceLocationMessages = {
  resources: {
    'service-locations': {
      name: 'Service location |||| Service locations',
      notifications: {
        created: 'Service location added: imports of guarantor accounts may name it now.',
        updated: 'Service location saved: its accounts show the change at once.',
      },
      fields: {
        q: 'Search',
        name: 'Name',
        billing_phone: 'Billing phone',
        billing_phone_display: 'Billing phone',
        billingPhone: 'Billing phone',
        accepts_online_payments: 'Online payments',
        acceptsOnlinePayments: 'Takes online payments',
        updated_at: 'Last changed',
        updated_by_username: 'Changed by',
      },
    },
  },
  portal: {
    service_locations: {
      name_help: 'As billing statements name it, e.g. "Hartford Hospital". Capitals and spaces do not make a different name.',
      phone_help: 'The number patients call about their bill, e.g. (860) 972-4993.',
      online_help: 'Off: its accounts offer no Pay Now, and patients are told to call the billing phone instead.',
      online: {
        yes: 'Yes',
        no: 'No: patients call',
        any: 'Any',
      },
      empty: 'No service locations yet…',
      empty_help:
        'Add each place the hospital bills from, with its billing phone and whether it takes online payments. Guarantor accounts name their location, and their import refuses a location that is not listed here.',
      empty_filtered: 'No service location matches this search',
      empty_filtered_help: 'Check the spelling, or clear the search.',
      add: 'Add a service location',
      stale_title: 'Someone else saved this location since you opened it',
      stale_intro: '%{who} saved it %{when}. Nothing of yours was saved. Compare, then keep your changes or use theirs.',
      stale_someone: 'Someone',
      stale_field: 'Field',
      stale_theirs: 'Saved now',
      stale_yours: 'Yours (not saved)',
      stale_differs: 'differs',
      stale_keep: 'Keep my changes',
      stale_use_theirs: 'Use theirs',
      stale_kept: 'Your changes are in the form: saving now replaces what was saved %{when}.',
      stale_reload_failed: 'Someone else saved this location since you opened it, and it could not be read again. Reload the page.',
    },
  },
};
