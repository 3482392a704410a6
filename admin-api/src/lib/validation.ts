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

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. No field of this
 * API takes them (PostgreSQL refuses NUL outright), so one rule refuses them everywhere.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole job
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True when `text` holds a control character other than tab, CR or LF. */
export const hasControlCharacter = (text: string) => CONTROL_CHARACTER.test(text);

/**
 * Where `value` holds a control character, as a field path (`filter.q`, `roles.1`), or null.
 * Keys count too. Walked without recursion, so JSON nested thousands deep cannot exhaust the stack.
 */
export function controlCharacterAt(value: unknown, root = ''): string | null {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (hasControlCharacter(current)) return path || 'root';
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (hasControlCharacter(key)) return path || 'root';
        pending.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Throws a 400 naming the field when `value` holds a control character anywhere. */
export function refuseControlCharacters(value: unknown, root = ''): void {
  const at = controlCharacterAt(value, root);
  // A path through JSON nested thousands deep is not worth echoing whole.
  const field = at && at.length > 80 ? `${at.slice(0, 80)}…` : at;
  if (field)
    throw badRequest(
      `${field} holds a control character (such as NUL), which no field accepts.`,
      { [field]: 'must not contain control characters' },
      'control_character',
    );
}

/**
 * Field messages are predicates written to follow the field's name ("needs a few words saying
 * why"); joined to their field they make the sentences of an error's message:
 * "reason needs a few words saying why." The console does the same with its own labels.
 */
export const sentencesOf = (errors: FieldErrors) =>
  Object.entries(errors)
    .map(([field, predicate]) => `${field} ${predicate}.`)
    .join(' ');

/** Parses `input` with `schema` or throws a 400 naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.output<T> {
  refuseControlCharacters(input);
  const result = schema.safeParse(input);
  // A schema may decode further (a JSON filter in a query string): its output is checked as well.
  if (result.success) {
    refuseControlCharacters(result.data);
    return result.data;
  }
  const errors = fieldErrorsOf(result.error);
  const fields = Object.keys(errors);
  const rootIssue = result.error.issues.find((issue) => issue.path.length === 0);
  const message = fields.length ? sentencesOf(errors) : `The ${what} is not valid: ${rootIssue?.message ?? 'unexpected shape'}.`;
  throw badRequest(message, fields.length ? errors : undefined, 'validation_failed');
}

/** A positive integer id from a URL segment. */
export const idParam = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

/** The years any date or time of this API may fall in: wide for records, and storable. */
export const EARLIEST_YEAR = 1800;
export const LATEST_YEAR = 2999;
const yearInRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
};
const YEAR_RANGE = `must fall between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`;

/** A calendar date as YYYY-MM-DD that really exists (no 2023-02-30), in a year PostgreSQL and people use. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real calendar date')
  .refine(yearInRange, YEAR_RANGE);

/** An ISO 8601 date-time with its offset, in the same years as isoDate. */
export const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).refine(yearInRange, YEAR_RANGE);

/**
 * Answers as they travel, for response schemas: an instant is the ISO string a Date becomes in
 * JSON, a calendar date stays YYYY-MM-DD (DATE columns are read as text).
 */
export const wire = {
  instant: z.iso.datetime({ offset: true }),
  date: z.iso.date(),
  id: z.number().int().positive(),
};
