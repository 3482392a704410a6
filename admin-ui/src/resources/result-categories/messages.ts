/**
 * The labels and messages of the result categories (administrators keep them; clinicians read
 * them). Their pages add them (addMessages) as they load; the menu's name is in i18n.ts. The
 * sensitive categories' own names are the proxy pages' (portal.proxies.category).
 */
export const resultCategoryMessages = {
  resources: {
    'result-categories': {
      notifications: {
        created: 'Result category added.',
        updated: 'Result category saved: results filed under it follow it from now on.',
      },
      fields: {
        code: 'Code',
        name: 'Name',
        proxy_category: 'Hidden from proxies as',
        hold_citation: 'State-law citation',
        hold_days: 'Days held before release',
        rule: 'State-law standing rule',
        updated_at: 'Last changed',
        updated_by_name: 'Changed by',
        version: 'Version',
      },
    },
  },
  portal: {
    result_categories: {
      title: 'Result category: %{name}',
      code_help: 'As the lab feed sends it: 2 to 40 lowercase letters, digits or underscores, starting with a letter. It cannot be changed later.',
      code_fixed: 'The code never changes: the lab feed files results under it.',
      code_rule: 'Use 2 to 40 lowercase letters, digits or underscores, starting with a letter, e.g. sti_hiv.',
      name_help: 'How staff read it on the Results tab and in the hold register, e.g. "STI and HIV".',
      not_hidden: 'Not hidden: proxies see these results like any other',
      proxy_help:
        'Results of this category are hidden from proxies as this sensitive category is (the age rules and the patient’s own choices). The patient always sees them.',
      rule_title: 'State-law standing rule (optional)',
      rule_intro:
        'Where a state law asks that results of this category wait before the patient reads them online (for example until counseling), give the law and the number of days: new results are then held on that basis. Both, or neither.',
      citation_help: 'The law or regulation, as the hold register will cite it for each result held under this rule.',
      days_help: 'A whole number from 1 to 30.',
      citation_required: 'Give the citation of the law that sets this rule, or clear the days.',
      days_required: 'Give the number of days the law asks these results to wait (1 to 30), or clear the citation.',
      days_range: 'Must be a whole number from 1 to 30.',
      rule_none: 'None: released at once',
      by_system: 'Set at installation',
      rule_days: 'Held %{smart_count} day: %{citation} |||| Held %{smart_count} days: %{citation}',
      conflict_title: 'Someone else changed this category since you opened it',
      conflict_help: 'Your changes are still in the form. Reload to see theirs (what you typed stays), check, then save again.',
      reload: 'Reload',
      empty: 'No result categories yet',
      empty_help: 'The lab feed’s categories are added at installation; add one when the feed starts sending a new category.',
    },
  },
};
