import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import type { PatientImportReport } from '../../providers/dataProvider.ts';
import { saveFile } from '../../components/saveFile.ts';
import { PatientImportPage } from './PatientImportPage.tsx';

// jsdom cannot download; the file handed to the browser is what the test reads.
vi.mock('../../components/saveFile.ts', () => ({ saveFile: vi.fn() }));

const extract = () => new File(['mrn,family_name,given_name,date_of_birth,sex\r\nA1,Rivera,Ana,1980-02-03,f\r\n'], 'extract.csv', { type: 'text/csv' });

const report = (overrides: Partial<PatientImportReport>): PatientImportReport => ({
  fileName: 'extract.csv',
  dryRun: true,
  committed: false,
  rowsRead: 1,
  valid: 1,
  rejected: 0,
  imported: 0,
  seconds: 0.1,
  rejects: [],
  conflicted: 0,
  conflicts: [],
  ...overrides,
});

function renderPage(importPatients: ReturnType<typeof vi.fn>) {
  return renderInAdmin(<PatientImportPage />, {
    dataProvider: fakeDataProvider({ importPatients } as never),
    authProvider: fakeAuthProvider({ patients: ['import'] }),
  });
}

describe('PatientImportPage', () => {
  it('when a file is checked clean, then Import becomes possible and imports it for real', async () => {
    const importPatients = vi.fn(async ({ dryRun }: { dryRun: boolean }) => ({
      data: dryRun ? report({}) : report({ dryRun: false, committed: true, imported: 1 }),
    }));
    const view = renderPage(importPatients);
    const user = userEvent.setup();
    const importButton = screen.getByRole('button', { name: 'Import' });

    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, extract());
    expect(importButton).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    expect(await screen.findByText(/The file is clean/)).toBeInTheDocument();
    await user.click(importButton);

    expect(await screen.findByText(/^Imported 1 rows\./)).toBeInTheDocument();
    expect(importPatients.mock.calls.map(([params]) => params.dryRun)).toEqual([true, false]);
    view.unmount();
  });

  it('when rows are rejected, then each line and reason is listed and Import stays off', async () => {
    const rejected = report({
      valid: 0,
      rejected: 1,
      rejects: [{ line: 2, mrn: 'A1', problems: [{ field: 'date_of_birth', reason: 'is not a real calendar date' }] }],
    });
    const view = renderPage(vi.fn(async () => ({ data: rejected })));
    const user = userEvent.setup();

    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, extract());
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    const rejects = await screen.findByRole('table', { name: 'Rejected rows' });
    expect(within(rejects).getByText('date_of_birth: is not a real calendar date')).toBeInTheDocument();
    expect(within(rejects).getByText('A1')).toBeInTheDocument();
    expect(screen.getByText('1 row was rejected, so nothing was written. Fix it in the EHR extract and check the file again.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    view.unmount();
  });

  it('when the extract time is given and the check finds staff changes made after it, then the extract time is sent and each kept field is listed', async () => {
    const withConflict = report({
      conflicted: 1,
      conflicts: [{ line: 2, mrn: 'A1', field: 'address', changedAt: '2026-11-30T15:00:00.000Z', source: 'change_request' }],
    });
    const importPatients = vi.fn(async () => ({ data: withConflict }));
    const view = renderPage(importPatients);
    const user = userEvent.setup();

    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, extract());
    // Read in the organization's zone (New York, EST in November), wherever the browser is.
    await user.type(screen.getByLabelText(/When the EHR made this extract/), '2026-11-29T06:00');
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    const kept = await screen.findByRole('table', { name: 'Kept as staff set them' });
    expect(within(kept).getByText('Address')).toBeInTheDocument();
    expect(within(kept).getByText(/^Patient's change accepted/)).toBeInTheDocument();
    expect(screen.getByText(/Importing will keep 1 field as staff set it/)).toBeInTheDocument();
    expect(importPatients).toHaveBeenCalledWith(expect.objectContaining({ dryRun: true, extractedAt: '2026-11-29T11:00:00.000Z' }));
    view.unmount();
  });

  it('when the rejects are downloaded, then every cell of the file is quoted and an MRN written as a formula stays text', async () => {
    const rejected = report({
      valid: 0,
      rejected: 2,
      rejects: [
        { line: 2, mrn: '=HYPERLINK("http://x")', problems: [{ field: 'date_of_birth', reason: 'is not a real calendar date' }] },
        { line: 3, mrn: null, problems: [{ field: 'mrn', reason: 'is required' }] },
      ],
    });
    const view = renderPage(vi.fn(async () => ({ data: rejected })));
    const user = userEvent.setup();

    await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, extract());
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    await user.click(await screen.findByRole('button', { name: 'Download as CSV' }));

    const [file, fileName] = vi.mocked(saveFile).mock.calls[0];
    expect(fileName).toBe('extract-rejects.csv');
    expect(await file.text()).toBe(
      '"line","mrn","reason"\r\n' + `"2","'=HYPERLINK(""http://x"")","date_of_birth: is not a real calendar date"\r\n` + '"3","","mrn: is required"\r\n',
    );
    view.unmount();
  });
});
