import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { SENSITIVE_CATEGORIES } from '../proxy-relationships/proxy-access.ts';

/** USPS state and territory codes a patient's address may carry. */
export const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'AS',
  'GU',
  'MP',
  'PR',
  'VI',
] as const;

const ages = {
  teenFromAge: z
    .number({ error: 'must be a whole number of years' })
    .int('must be a whole number of years')
    .min(1, 'must be at least 1')
    .max(17, 'must be at most 17'),
  adultAtAge: z
    .number({ error: 'must be a whole number of years' })
    .int('must be a whole number of years')
    .min(18, 'must be at least 18')
    .max(21, 'must be at most 21'),
  hiddenCategories: z
    .array(z.enum(SENSITIVE_CATEGORIES, { error: `must be among ${SENSITIVE_CATEGORIES.join(', ')}` }))
    .max(SENSITIVE_CATEGORIES.length)
    .refine((list) => new Set(list).size === list.length, 'must not name a category twice'),
};

const ordered = <T extends { teenFromAge: number; adultAtAge: number }>(body: T, context: z.RefinementCtx) => {
  if (body.teenFromAge >= body.adultAtAge) context.addIssue({ code: 'custom', path: ['teenFromAge'], message: 'must be below the adult age' });
};

export const createTierBody = z
  .strictObject({ state: z.enum(US_STATES, { error: 'must be a US state code such as CT (the default row exists already)' }), ...ages })
  .superRefine(ordered);

export const updateTierBody = z
  .strictObject({ ...ages, version: z.number({ error: 'is required (the version you read)' }).int().positive() })
  .superRefine(ordered);

export const tierId = z.object({
  id: z.union([z.literal('default'), z.enum(US_STATES)], { error: 'must be default or a US state code such as CT' }),
});

export const tierFilter = z.strictObject({});
export const tierList: ListSpec<typeof tierFilter> = { sortable: [], defaultSort: ['id', 'ASC'], filter: tierFilter };

export const tierRecord = z.strictObject({
  id: z.string().meta({ description: '"default", or the state it applies to' }),
  teen_from_age: z.number().int(),
  adult_at_age: z.number().int(),
  hidden_categories: z.array(z.enum(SENSITIVE_CATEGORIES)),
  updated_at: wire.instant,
  updated_by_name: z.string().nullable(),
  version: z.number().int(),
});
