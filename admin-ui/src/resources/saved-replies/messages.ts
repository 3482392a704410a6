/**
 * The labels and messages of the saved replies administrators keep for each team (billing,
 * support, Release of Information). Their pages add them (addMessages) as they load, with the
 * messages' own words (team names); the menu's name for the resource is in i18n.ts.
 */
export const savedReplyMessages = {
  resources: {
    'saved-replies': {
      notifications: {
        created: 'Saved reply added: the team can insert it in replies now.',
        updated: 'Saved reply saved: replies inserted from now on use the new text.',
        deleted: 'Saved reply deleted: replies already sent keep their text.',
      },
      fields: {
        team: 'Team',
        title: 'Title',
        body: 'Text',
        q: 'Search',
        updated_at: 'Last changed',
        updated_by_username: 'Changed by',
        version: 'Version',
      },
    },
  },
  portal: {
    saved_replies: {
      title: 'Saved reply: %{title}',
      title_help: 'What staff pick it by in “Insert saved reply”, e.g. "Payment plan options". Unique within the team.',
      team_help: 'Only this team’s staff are offered it, on their own threads.',
      body_help:
        'Plain text, as the patient will read it. Placeholders are filled in from the thread when staff insert it: %{placeholders}. Staff read and may change it before sending.',
      unknown_placeholder: 'No thread can fill %{names}: use only %{placeholders}.',
      conflict_title: 'Someone else changed this saved reply since you opened it',
      conflict_help: 'Your changes are still in the form. Reload to see theirs (what you typed stays), check, then save again.',
      reload: 'Reload',
      delete_title: 'Delete the saved reply “%{title}”?',
      delete_content: 'Staff can no longer insert it. Replies already sent with it keep their text.',
      empty: 'No saved replies yet',
      empty_help: 'Add the answers each team gives again and again; staff insert them in a reply and change what they need.',
      by_system: '—',
    },
  },
};
