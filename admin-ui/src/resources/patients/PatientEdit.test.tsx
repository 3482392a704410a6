import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { PatientHistoryEntry, PatientRecord } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientEdit } from './PatientEdit.tsx';
import { testPatient } from './testPatient.ts';

const patient = testPatient();

const REASON = 'Patient called: moved on 11/30';
/** What the API answers for the hospital's languages (an administrator's setting). */
const LANGUAGES = [
  { id: 'en', name: 'English' },
  { id: 'es', name: 'Spanish' },
  { id: 'pl', name: 'Polish' },
];

function renderEdit(methods: { update: ReturnType<typeof vi.fn>; uploadPatientDocument?: ReturnType<typeof vi.fn> }, record = patient) {
  const view = renderInAdmin(
    <Routes>
      <Route path="/patients/:id" element={<PatientEdit />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({
        getOne: vi.fn(async () => ({ data: record })),
        supportedLanguages: vi.fn(async () => ({ data: LANGUAGES })),
        ...methods,
      }),
      authProvider: fakeAuthProvider({ patients: ['list', 'show', 'edit'], documents: ['list', 'show', 'create'] }),
      path: '/patients/101',
      resource: 'patients',
    },
  );
  return { view, user: userEvent.setup() };
}

const textbox = (name: string | RegExp) => screen.getByRole('textbox', { name });

async function retype(user: ReturnType<typeof userEvent.setup>, name: string | RegExp, text: string) {
  const box = textbox(name);
  await user.clear(box);
  await user.type(box, text);
}

describe('PatientEdit', () => {
  it('when a city and a phone are corrected, then only those are sent, the phone in E.164, with the reason and the version read', async () => {
    const update = vi.fn(async () => ({ data: { ...patient, city: 'New Britain', phone: '+18605550199', version: 5 } }));
    const { view, user } = renderEdit({ update });

    await screen.findByRole('textbox', { name: 'City' });
    await retype(user, 'City', 'New Britain');
    await retype(user, /^Phone/, '860.555.0199');
    await user.type(textbox(/^Reason for the correction/), REASON);
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenCalledWith(
      'patients',
      expect.objectContaining({ id: 101, data: { city: 'New Britain', phone: '+18605550199', reason: REASON, version: 4 } }),
    );
    expect(await screen.findByText('Saved: 2 fields corrected.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the EHR sent an incomplete address, then another field can still be corrected without completing it', async () => {
    const partial = { ...patient, address_line1: null, address_line2: null, postal_code: null };
    const update = vi.fn(async () => ({ data: { ...partial, email: 'joan@example.org', version: 5 } }));
    const { view, user } = renderEdit({ update }, partial);

    await screen.findByRole('textbox', { name: 'City' });
    await retype(user, /^Email/, 'joan@example.org');
    await user.type(textbox(/^Reason for the correction/), REASON);
    await user.click(screen.getByRole('button', { name: 'Save correction' }));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('patients', expect.objectContaining({ data: { email: 'joan@example.org', reason: REASON, version: 4 } })),
    );
    view.unmount();
  });

  it('when "Chose not to answer" is ticked beside races, then it stands alone and is what is sent', async () => {
    const update = vi.fn(async () => ({ data: { ...patient, race: ['ASKU'], version: 5 } }));
    const { view, user } = renderEdit({ update });

    await user.click(await screen.findByRole('checkbox', { name: 'Chose not to answer' }));
    expect(screen.getByRole('checkbox', { name: 'White' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Asian' })).not.toBeChecked();
    await user.type(textbox(/^Reason for the correction/), 'Patient declined at check-in');
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        'patients',
        expect.objectContaining({ data: { race: ['ASKU'], reason: 'Patient declined at check-in', version: 4 } }),
      ),
    );
    view.unmount();
  });

  it('when the legal family name changes, then a document is required, uploaded first, and the correction names it', async () => {
    const uploadPatientDocument = vi.fn(async () => ({ data: { id: 555 } }));
    const update = vi.fn(async () => ({ data: { ...patient, family_name: 'SMITH-JONES', version: 5 } }));
    const { view, user } = renderEdit({ update, uploadPatientDocument });

    await screen.findByRole('textbox', { name: /^Legal family name/ });
    await retype(user, /^Legal family name/, 'SMITH-JONES');
    await user.type(textbox(/^Reason for the correction/), 'Marriage certificate');
    expect(screen.getByText(/You changed legal family name: attach the legal document/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    const documentSection = within(screen.getByRole('region', { name: 'Legal document' }));
    expect(await documentSection.findByText('Attach the legal document: a PDF, PNG or JPEG.')).toBeInTheDocument();
    expect(uploadPatientDocument).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();

    const certificate = new File(['%PDF-1.7 certificate'], 'marriage-certificate.pdf', { type: 'application/pdf' });
    await user.upload(view.container.ownerDocument.querySelector<HTMLInputElement>('input[type="file"]')!, certificate);
    expect(screen.getByText(/Attached: marriage-certificate\.pdf/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(uploadPatientDocument).toHaveBeenCalledWith({ patientId: 101, file: certificate });
    expect(uploadPatientDocument.mock.invocationCallOrder[0]).toBeLessThan(update.mock.invocationCallOrder[0]);
    expect(update).toHaveBeenCalledWith(
      'patients',
      expect.objectContaining({ data: { family_name: 'SMITH-JONES', reason: 'Marriage certificate', version: 4, document_id: 555 } }),
    );
    view.unmount();
  });

  it('when the server refuses a value (the language list changed since the form opened), then its message shows beside the field', async () => {
    const message = '"pl" (Polish) is not among the languages the hospital supports';
    const refusal = { code: 'invalid_value', message: 'A value is not acceptable.', requestId: 'r1', errors: { preferred_language: message } };
    const update = vi.fn(async () => Promise.reject(new HttpError(refusal.message, 422, refusal)));
    const { view, user } = renderEdit({ update });

    await user.click(await screen.findByRole('combobox', { name: /^Preferred language/ }));
    // The choices are the hospital's languages as the API lists them, by name.
    await screen.findByRole('option', { name: 'Spanish' });
    expect(screen.queryByRole('option', { name: 'Vietnamese' })).toBeNull();
    await user.click(await screen.findByRole('option', { name: 'Polish' }));
    await user.type(textbox(/^Reason for the correction/), 'Patient asked');
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    expect(await screen.findByText(`Preferred language ${message}.`, { selector: 'p *, p' })).toBeInTheDocument();
    expect(update).toHaveBeenCalledWith('patients', expect.objectContaining({ data: { preferred_language: 'pl', reason: 'Patient asked', version: 4 } }));
    view.unmount();
  });

  it('when someone else saved first, then their changes are listed, nothing typed is lost, and the next save is made from the version now on record', async () => {
    const current: PatientRecord = { ...patient, city: 'West Hartford', preferred_language: 'es', version: 6 };
    const theirs: PatientHistoryEntry[] = [
      {
        id: 77,
        patient_id: 101,
        field: 'preferred_language',
        old_value: 'ht',
        new_value: 'es',
        changed_at: '2026-12-01T14:05:00Z',
        changed_by: 9,
        changed_by_name: 'Robin Roi',
        source: 'staff_correction',
        reason: 'Patient asked at the desk',
        change_request_id: null,
        document_id: null,
        version: 5,
      },
      {
        id: 78,
        patient_id: 101,
        field: 'address',
        old_value: { line1: '80 Seymour Street', line2: 'Apt 4', city: 'Hartford', state: 'CT', postal_code: '06102' },
        new_value: { line1: '80 Seymour Street', line2: 'Apt 4', city: 'West Hartford', state: 'CT', postal_code: '06102' },
        changed_at: '2026-12-01T14:06:00Z',
        changed_by: null,
        changed_by_name: 'Robin Roi',
        source: 'change_request',
        reason: null,
        change_request_id: 12,
        document_id: null,
        version: 6,
      },
    ];
    const stale = {
      code: 'stale_version',
      message: 'Someone else saved this patient after you opened it. Their changes are shown; yours are kept in the form.',
      requestId: 'r2',
      details: { current, changes: theirs },
    };
    const update = vi
      .fn()
      .mockRejectedValueOnce(new HttpError(stale.message, 409, stale))
      .mockResolvedValueOnce({ data: { ...current, city: 'New Britain', version: 7 } });
    const { view, user } = renderEdit({ update });

    await screen.findByRole('textbox', { name: 'City' });
    await retype(user, 'City', 'New Britain');
    await user.type(textbox(/^Reason for the correction/), REASON);
    await user.click(screen.getByRole('button', { name: 'Save correction' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'Someone else saved this patient meanwhile' }));
    const language = dialog.getByRole('rowheader', { name: 'Preferred language' }).closest('tr')!;
    expect(within(language).getByText('Haitian Creole → Spanish')).toBeInTheDocument();
    expect(within(language).getByText('Robin Roi')).toBeInTheDocument();
    expect(await within(language).findByText('Dec 1, 2026, 9:05 AM EST')).toBeInTheDocument();
    expect(within(language).getByText('Patient asked at the desk')).toBeInTheDocument();
    const address = dialog.getByRole('rowheader', { name: /^Address/ }).closest('tr')!;
    expect(within(address).getByText('80 Seymour Street, Apt 4, Hartford, CT 06102 → 80 Seymour Street, Apt 4, West Hartford, CT 06102')).toBeInTheDocument();
    expect(within(address).getByText(/You changed it too/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Review and save again' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(textbox('City')).toHaveValue('New Britain');
    expect(textbox(/^Reason for the correction/)).toHaveValue(REASON);
    expect(screen.getByRole('combobox', { name: /^Preferred language/ })).toHaveTextContent('Spanish');
    expect(screen.getByText(/Someone else saved this patient meanwhile: the form shows/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save correction' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update.mock.calls[0][1]).toMatchObject({ data: { city: 'New Britain', reason: REASON, version: 4 } });
    expect(update.mock.calls[1][1]).toMatchObject({ data: { city: 'New Britain', reason: REASON, version: 6 } });
    expect(Object.keys(update.mock.calls[1][1].data)).toEqual(['city', 'reason', 'version']);
    view.unmount();
  });
});
