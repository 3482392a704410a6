import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

/** Most characters a location's name holds. */
export const MAX_NAME = 100;

/**
 * A location's name as billing will pick it from a list and an import names it: spaces around it
 * dropped and runs of spaces made one. Case and spacing never make two names different (the
 * database's unique key, service_location_name_key, ignores them).
 */
const name = z
  .string({ error: 'is required' })
  .transform((typed) => typed.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'is required').max(MAX_NAME, `is too long: at most ${MAX_NAME} characters`));

/**
 * A North American number as people write it ("860-972-4993", "(860) 972-4993", "+1 860 972 4993",
 * "1.860.972.4993"), stored as E.164. Area code and exchange cannot start with 0 or 1 (NANP).
 */
const NANP = /^(?:\+?1[\s.-]*)?\(?([2-9][0-9]{2})\)?[\s.-]*([2-9][0-9]{2})[\s.-]*([0-9]{4})$/;

/** The E.164 form of a US phone number as typed, or null when it is not one. */
export function usPhoneToE164(typed: string): string | null {
  const match = NANP.exec(typed.trim());
  return match ? `+1${match[1]}${match[2]}${match[3]}` : null;
}

/** How a stored E.164 number is shown: "(860) 972-4993" for US numbers, the number itself otherwise. */
export function phoneDisplay(e164: string): string {
  const match = /^\+1([0-9]{3})([0-9]{3})([0-9]{4})$/.exec(e164);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : e164;
}

const billingPhone = z
  .string({ error: 'is required' })
  .max(40, 'is too long for a phone number')
  .transform((typed, ctx) => {
    const e164 = usPhoneToE164(typed);
    if (e164) return e164;
    ctx.addIssue({ code: 'custom', message: 'must be a US phone number such as (860) 972-4993' });
    return z.NEVER;
  });

const acceptsOnlinePayments = z.boolean({ error: 'must be true or false' });

export const createServiceLocationBody = z.strictObject({ name, billingPhone, acceptsOnlinePayments });
export type CreateServiceLocationBody = z.output<typeof createServiceLocationBody>;

export const updateServiceLocationBody = z.strictObject({
  name,
  billingPhone,
  acceptsOnlinePayments,
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});
export type UpdateServiceLocationBody = z.output<typeof updateServiceLocationBody>;

export const serviceLocationFilter = z.strictObject({
  /** Part of the name, any case. */
  q: z.string().trim().max(MAX_NAME, `is too long: at most ${MAX_NAME} characters`).optional(),
  accepts_online_payments: z.boolean({ error: 'must be true or false' }).optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type ServiceLocationFilter = z.output<typeof serviceLocationFilter>;

export const serviceLocationList: ListSpec<typeof serviceLocationFilter> = {
  sortable: ['name'],
  defaultSort: ['name', 'ASC'],
  filter: serviceLocationFilter,
  maxPageSize: 100,
};

/** Where the hospital bills from, as admins keep it. */
export const serviceLocationRecord = z.strictObject({
  id: wire.id,
  name: z.string(),
  billing_phone: z.string().meta({ description: 'E.164, such as +18609724993' }),
  billing_phone_display: z.string().meta({ description: 'As people read it: (860) 972-4993' }),
  accepts_online_payments: z.boolean().meta({ description: 'False: accounts billed here offer no Pay Now; patients call the billing phone' }),
  created_at: wire.instant,
  updated_at: wire.instant,
  updated_by_username: z.string().nullable(),
  version: z.number().int().positive().meta({ description: 'Send it back with a change: a newer one on the server answers 409' }),
});
export type ServiceLocationRecord = z.output<typeof serviceLocationRecord>;
