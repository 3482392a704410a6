import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { MAX_MESSAGE_CHARACTERS, SAVED_REPLY_PLACEHOLDERS, TEAMS, unknownPlaceholders } from '../message-threads/message-topics.ts';

const team = z.enum(TEAMS, { error: `must be one of ${TEAMS.join(', ')}` });
const title = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters');
const body = z
  .string({ error: 'is required' })
  .max(MAX_MESSAGE_CHARACTERS, `is too long: at most ${MAX_MESSAGE_CHARACTERS.toLocaleString('en-US')} characters`)
  .trim()
  .min(1, 'is required')
  .superRefine((text, context) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length)
      context.addIssue({
        code: 'custom',
        message: `names ${unknown.map((name) => `{{${name}}}`).join(', ')}, which no thread can fill: use ${SAVED_REPLY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
      });
  });

export const savedReplyBody = z.strictObject({ team, title, body });
export type SavedReplyBody = z.output<typeof savedReplyBody>;

export const savedReplyUpdateBody = savedReplyBody.extend({ version: z.number({ error: 'is required (the version you read)' }).int().positive() });
export type SavedReplyUpdateBody = z.output<typeof savedReplyUpdateBody>;

/** A removal names the version the admin read, as a change does: nobody deletes an edit they never saw. */
export const savedReplyDeleteQuery = z.strictObject({
  version: z.coerce
    .number({ error: 'is required (the version you read)' })
    .int('must be a whole number')
    .positive('must be positive')
    .max(Number.MAX_SAFE_INTEGER)
    .meta({ description: 'The version you read: a newer one on the server answers 409 stale_version' }),
});

export const savedReplyFilter = z.strictObject({
  team: team.optional(),
  /** Part of the title or body, any case. */
  q: z.string().trim().max(100, 'is too long: at most 100 characters').optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type SavedReplyFilter = z.output<typeof savedReplyFilter>;

export const savedReplyList: ListSpec<typeof savedReplyFilter> = {
  sortable: ['title', 'team', 'updated_at'],
  defaultSort: ['title', 'ASC'],
  filter: savedReplyFilter,
};

/** An answer a team reuses, as admins keep it. */
export const savedReplyRecord = z.strictObject({
  id: wire.id,
  team,
  title: z.string(),
  body: z.string().meta({ description: `Plain text; may name placeholders: ${SAVED_REPLY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}` }),
  updated_at: wire.instant,
  updated_by_username: z.string().nullable(),
  version: z.number().int().positive().meta({ description: 'Send it back with a change: a newer one on the server answers 409' }),
});
