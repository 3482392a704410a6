/**
 * The words of customer-service messages that the API and the console both need: the topics, the
 * team whose queue holds each, the longest message and the placeholders of saved replies. Plain
 * values importing nothing, so the console bundles this module through the contract.
 */

/** What patients write to customer service about, as the portal sends it. */
export const MESSAGE_TOPICS = ['billing', 'technical', 'medical_records'] as const;
export type MessageTopic = (typeof MESSAGE_TOPICS)[number];

/** The team whose queue holds each topic: also the role its staff hold (auth/policy.ts checks it is one). */
export const MESSAGE_TEAMS = { billing: 'billing', technical: 'support', medical_records: 'roi' } as const;
export type MessageTeam = (typeof MESSAGE_TEAMS)[MessageTopic];
export const TEAMS = ['billing', 'support', 'roi'] as const satisfies readonly MessageTeam[];

/** Most characters a message body or a saved reply holds (DOMAIN: 10,000). */
export const MAX_MESSAGE_CHARACTERS = 10_000;

/** What a saved reply may name in double braces; filled from the thread it is used on. */
export const SAVED_REPLY_PLACEHOLDERS = [
  'patient_first_name',
  'patient_last_name',
  'staff_name',
  'account_number',
  'balance',
  'billing_phone',
  'location_name',
] as const;
export type SavedReplyPlaceholder = (typeof SAVED_REPLY_PLACEHOLDERS)[number];

/** `{{ name }}`, spaces inside the braces allowed. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders `text` names that are not ours, each once, as written between the braces. */
export function unknownPlaceholders(text: string): string[] {
  const known: readonly string[] = SAVED_REPLY_PLACEHOLDERS;
  return [...new Set([...text.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]).filter((name) => !known.includes(name)))];
}
