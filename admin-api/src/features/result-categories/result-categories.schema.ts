import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { SENSITIVE_CATEGORIES } from '../proxy-relationships/proxy-access.ts';

export const categoryCode = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a category code'),
});

const ruleFields = {
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  proxy_category: z
    .enum(SENSITIVE_CATEGORIES, { error: `must be one of the sensitive record categories: ${SENSITIVE_CATEGORIES.join(', ')}` })
    .nullable()
    .default(null),
  hold_citation: z.string().trim().min(1, 'is required with a hold').max(300, 'is too long: at most 300 characters').nullable().default(null),
  hold_days: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(30, 'must be at most 30')
    .nullable()
    .default(null),
};

/** A rule needs both its citation and its length, or neither. */
const ruleIsWhole = (body: { hold_citation: string | null; hold_days: number | null }) => (body.hold_citation === null) === (body.hold_days === null);
const RULE_PARTS = { error: 'a state-law rule needs both the citation and the number of days', path: ['hold_citation'] };

/**
 * A result category: its name, whether it counts as a sensitive record category (hidden from some
 * proxies), and the state-law rule that holds its results, if any.
 */
export const createCategoryBody = z
  .strictObject({
    code: z
      .string({ error: 'is required' })
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2 to 40 lowercase letters, digits or underscores, starting with a letter'),
    ...ruleFields,
  })
  .refine(ruleIsWhole, RULE_PARTS);

export const updateCategoryBody = z
  .strictObject({ ...ruleFields, version: z.number({ error: 'is required' }).int().positive() })
  .refine(ruleIsWhole, RULE_PARTS);

export const categoryList: ListSpec<z.ZodObject> = {
  sortable: ['name', 'code'],
  defaultSort: ['name', 'ASC'],
  filter: z.strictObject({}),
  maxPageSize: 200,
};

export const resultCategoryRecord = z.strictObject({
  id: z.string().meta({ description: 'The code' }),
  code: z.string(),
  name: z.string(),
  proxy_category: z.enum(SENSITIVE_CATEGORIES).nullable(),
  hold_citation: z.string().nullable(),
  hold_days: z.number().int().nullable(),
  updated_at: wire.instant,
  updated_by_name: z.string().nullable(),
  version: z.number().int(),
});
