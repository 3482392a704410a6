import { z } from 'zod';
import { ROLES } from '../../auth/policy.ts';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { passwordLinkRecord } from '../password-resets/password-resets.schema.ts';

const roles = z
  .array(z.enum(ROLES, { error: `must be among ${ROLES.join(', ')}` }), { error: 'must be a list of roles' })
  .min(1, 'needs at least one role')
  .refine((list) => new Set(list).size === list.length, 'lists a role twice');
const displayName = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters');

export const createStaffUserBody = z.strictObject({
  username: z
    .string({ error: 'is required' })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, '2 to 63 characters: letters, digits, dot, dash, underscore'),
  display_name: displayName,
  roles,
});

export const updateStaffUserBody = z.object({
  display_name: displayName,
  roles,
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});

export const deactivateStaffUserBody = z.strictObject({
  reason: z.string({ error: 'is required' }).trim().min(3, 'needs a few words saying why').max(500, 'is too long: at most 500 characters'),
});

export const staffUserFilter = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  active: z.boolean().optional(),
  id: z.array(z.coerce.number().int().positive()).max(100).optional(),
});

export const staffUserList: ListSpec<typeof staffUserFilter> = {
  sortable: ['username', 'display_name', 'last_sign_in_at', 'created_at'],
  defaultSort: ['username', 'ASC'],
  filter: staffUserFilter,
};

/** A staff member as the console shows them; never the password hash. */
export const staffUserRecord = z.strictObject({
  id: wire.id,
  username: z.string(),
  display_name: z.string(),
  roles: z.array(z.enum(ROLES)).meta({ description: 'In alphabetical order' }),
  active: z.boolean(),
  password_set: z.boolean().meta({ description: 'False until they choose a password through their one-time link' }),
  deactivated_at: wire.instant.nullable(),
  deactivated_by_username: z.string().nullable(),
  deactivation_reason: z.string().nullable(),
  last_sign_in_at: wire.instant.nullable(),
  created_at: wire.instant,
  updated_at: wire.instant,
  version: z.number().int().positive().meta({ description: 'Send it back with a change: a newer one on the server answers 409' }),
});

/** A staff member just created, with the one-time link through which they choose their password. */
export const createdStaffUserRecord = staffUserRecord.extend({ password_link: passwordLinkRecord });
