import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { i18nProvider } from '../i18n.ts';
import { readableError, withReadableErrors } from './readableErrors.ts';
import { fakeDataProvider } from '../test-utils.tsx';

const translate = i18nProvider.translate;
const refusal = (body: object) => new HttpError('from the server', 400, body);

describe('readable errors', () => {
  it('when the API refuses fields of a form, then each reads as a sentence naming the field by its label, and the notice is those sentences', () => {
    const error = readableError(
      refusal({
        code: 'validation_failed',
        message: 'resolution needs a few words: at least 3 characters.',
        errors: { resolution: 'needs a few words: at least 3 characters' },
      }),
      translate,
      'identity-check-failures',
    ) as HttpError;

    expect(error.body.errors.resolution).toBe('What was done needs a few words: at least 3 characters.');
    expect(error.message).toBe('What was done needs a few words: at least 3 characters.');
    expect(error.body.errors.root.serverError).toBe(error.message);
  });

  it('when a list filter or a list item is refused, then it is named as its field, and a field with no label in words', () => {
    const error = readableError(
      refusal({
        code: 'validation_failed',
        message: 'x',
        errors: { 'filter.q': 'is too long: at most 100 characters', 'roles.1': 'is not a role', 'filter.shoe_size': 'is not known' },
      }),
      translate,
      'staff-users',
    ) as HttpError;

    expect(error.message).toBe('Search is too long: at most 100 characters. Roles is not a role. Shoe size is not known.');
  });

  it('when the API wrote its own sentence, then the notice keeps it and field sentences stay as written', () => {
    const error = readableError(
      refusal({ code: 'invalid_request', message: 'No patient has the MRN 123.', errors: { patient_mrn: 'No patient has this MRN. Check the number.' } }),
      translate,
      'audit-events',
    ) as HttpError;

    expect(error.message).toBe('No patient has the MRN 123.');
    expect(error.body.errors.patient_mrn).toBe('No patient has this MRN. Check the number.');
  });

  it('when a setting is refused, then the sentence names the setting, not "value"', async () => {
    const provider = withReadableErrors(
      fakeDataProvider({
        update: () => Promise.reject(refusal({ code: 'validation_failed', message: 'x', errors: { value: 'must be at least 1 minute' } })),
      }),
      translate,
    );

    await expect(provider.update('settings', { id: 'session.idle_minutes', data: {}, previousData: { id: 'session.idle_minutes' } })).rejects.toMatchObject({
      message: 'Idle sign-out (minutes) must be at least 1 minute.',
    });
  });

  it('when a failure is not an API refusal, then it passes through untouched', async () => {
    const offline = new HttpError('Cannot reach the PortalDesk server.', 0);
    const provider = withReadableErrors(fakeDataProvider({ getList: () => Promise.reject(offline) }), translate);

    await expect(provider.getList('patients', { pagination: { page: 1, perPage: 25 }, sort: { field: 'id', order: 'ASC' }, filter: {} })).rejects.toBe(offline);
  });
});
