import { z } from 'zod';
import { badRequest, type FieldErrors } from './errors.ts';

/** Turns zod issues into `{ field: message }`, first message per field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'root';
    if (field === 'root') continue;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Parses `input` with `schema` or throws a 400 naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrorsOf(result.error);
  const fields = Object.keys(errors);
  const rootIssue = result.error.issues.find((issue) => issue.path.length === 0);
  const message = fields.length
    ? `Some fields are not valid: ${fields.join(', ')}.`
    : `The ${what} is not valid: ${rootIssue?.message ?? 'unexpected shape'}.`;
  throw badRequest(message, fields.length ? errors : undefined, 'validation_failed');
}

/** A positive integer id from a URL segment. */
export const idParam = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

/** A calendar date as YYYY-MM-DD that really exists (no 2023-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real calendar date');
