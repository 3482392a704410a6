import { HttpError, type DataProvider, type TranslateFunction } from 'react-admin';
import type { ApiErrorBody } from '@portaldesk/admin-api/contract';

/**
 * The API names fields by their keys (`resolution`, `filter.q`, `roles.1`) and writes each field's
 * message as a predicate to follow the name ("needs a few words saying why"). Staff see the same
 * sentences with the labels the console shows ("Resolution needs a few words saying why.").
 */

/** "patient_mrn" → "Patient mrn": a last resort, for a field the console has no label for. */
const humanize = (key: string) => {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The label staff see for an API field key: the resource's field label, a setting's own name for
 * a setting's value, else the key in words. List filters (`filter.q`) and list items (`roles.1`)
 * are labelled as their field.
 */
export function fieldLabel(translate: TranslateFunction, field: string, resource?: string, id?: unknown): string {
  const key = field
    .replace(/^filter\./, '')
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('.');
  if (resource === 'settings' && key === 'value' && typeof id === 'string') {
    return translate(`portal.settings.names.${id}`, { _: translate('resources.settings.fields.value') });
  }
  const fallback = humanize(key.split('.').pop() ?? key);
  return resource ? translate(`resources.${resource}.fields.${key}`, { _: fallback }) : fallback;
}

/** A field's message as a sentence: predicates get the label in front; a message that is already a sentence stays. */
export const fieldSentence = (label: string, message: string) => (/^[A-Z]/.test(message) ? message : `${label} ${message}.`);

const isApiError = (error: unknown): error is HttpError & { body: ApiErrorBody } =>
  error instanceof HttpError && typeof error.body?.code === 'string' && typeof error.body?.message === 'string';

/**
 * The same failure with every field message as a sentence naming the field by its label. A
 * message the API assembled from the field messages (`validation_failed`) is rebuilt from those
 * sentences; a message the API wrote as a sentence of its own is kept.
 */
export function readableError(error: unknown, translate: TranslateFunction, resource?: string, id?: unknown): unknown {
  if (!isApiError(error) || !error.body.errors) return error;
  // `root` carries the form-wide message; the rest are fields.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { root, ...fields } = error.body.errors;
  const sentences: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    if (typeof message === 'string') sentences[field] = fieldSentence(fieldLabel(translate, field, resource, id), message);
  }
  const message = error.body.code === 'validation_failed' && Object.keys(sentences).length ? Object.values(sentences).join(' ') : error.body.message;
  return new HttpError(message, error.status, { ...error.body, message, errors: { ...sentences, root: { serverError: message } } });
}

/**
 * Wraps a dataProvider so every failure it reports reads in the console's words: react-admin
 * shows `errors` under the fields and `root.serverError` (or the message) as the notice.
 * The resource is the first argument of the CRUD verbs; the record id is `params.id`.
 */
export function withReadableErrors<T extends DataProvider>(dataProvider: T, translate: TranslateFunction): T {
  return new Proxy(dataProvider, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const resource = typeof args[0] === 'string' ? args[0] : undefined;
        const params = (resource ? args[1] : args[0]) as { id?: unknown } | undefined;
        return Promise.resolve(Reflect.apply(value, target, args)).catch((error: unknown) => {
          throw readableError(error, translate, resource, params?.id);
        });
      };
    },
  });
}
