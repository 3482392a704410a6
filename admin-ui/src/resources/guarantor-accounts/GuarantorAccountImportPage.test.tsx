import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { GuarantorAccountImportReport } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { bodyRowCells, chooseAndCheck, downloadRejects, findRejectsTable, importSummaryRows } from '../../test-utils-import.ts';
import { GuarantorAccountImportPage } from './GuarantorAccountImportPage.tsx';
import { createDataProvider } from '../../providers/dataProvider.ts';

// jsdom cannot download; the file handed to the browser is what the test reads.
vi.mock('../../components/saveFile.ts', () => ({ saveFile: vi.fn() }));

const HEADER = 'account_number,guarantor_family_name,guarantor_given_name,address_line1,city,state,zip,patient_mrns,balance_cents,service_location';
const extract = () =>
  new File([`${HEADER}\r\nHH-1001,Okafor,Ngozi,80 Seymour St,Hartford,CT,06102,10000042;10000043,123456,Hartford Hospital\r\n`], 'billing-export.csv', {
    type: 'text/csv',
  });

const report = (overrides: Partial<GuarantorAccountImportReport>): GuarantorAccountImportReport => ({
  fileName: 'billing-export.csv',
  dryRun: true,
  committed: false,
  rowsRead: 1,
  valid: 1,
  rejected: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  seconds: 0.1,
  rejects: [],
  ...overrides,
});

function renderPage(importGuarantorAccounts: ReturnType<typeof vi.fn>) {
  const view = renderInAdmin(<GuarantorAccountImportPage />, {
    dataProvider: fakeDataProvider({ importGuarantorAccounts } as never),
    authProvider: fakeAuthProvider({ 'guarantor-accounts': ['import'] }),
  });
  return { view, user: userEvent.setup() };
}

describe('GuarantorAccountImportPage', () => {
  it('when a file with bad rows is checked, then a dry run is sent and each reject is listed by line and account number, downloadable, and Import stays off', async () => {
    const rejected = report({
      rowsRead: 3,
      valid: 1,
      rejected: 2,
      rejects: [
        { line: 2, account_number: 'HH-1002', problems: [{ field: 'service_location', reason: 'names no service location: add “Windham Clinic” first' }] },
        { line: 4, account_number: null, problems: [{ field: 'account_number', reason: 'is required' }] },
      ],
    });
    const importGuarantorAccounts = vi.fn(async () => ({ data: rejected }));
    const { view, user } = renderPage(importGuarantorAccounts);

    expect(screen.getByRole('heading', { name: 'Import guarantor accounts' })).toBeInTheDocument();
    expect(screen.getByText(HEADER)).toBeInTheDocument();
    expect(screen.getByText(/account_status \(open or closed; empty means open\)/)).toBeInTheDocument();
    const file = extract();
    await chooseAndCheck(user, file);

    const rejects = await findRejectsTable();
    expect(importGuarantorAccounts).toHaveBeenCalledWith(expect.objectContaining({ file, dryRun: true }));
    expect(within(rejects).getByRole('columnheader', { name: 'Account number' })).toBeInTheDocument();
    expect(bodyRowCells(rejects)).toEqual([
      ['2', 'HH-1002', 'service_location: names no service location: add “Windham Clinic” first'],
      ['4', '—', 'account_number: is required'],
    ]);
    expect(screen.getByText(/^2 rows were rejected, so nothing was written/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();

    const saved = await downloadRejects(user);
    expect(saved.fileName).toBe('billing-export-rejects.csv');
    expect(saved.text).toBe(
      '"line","account_number","reason"\r\n' +
        '"2","HH-1002","service_location: names no service location: add “Windham Clinic” first"\r\n' +
        '"4","","account_number: is required"\r\n',
    );
    view.unmount();
  });

  it('when a file is checked clean and imported, then every count of the report is shown', async () => {
    const importGuarantorAccounts = vi.fn(async ({ dryRun }: { dryRun: boolean }) => ({
      data: dryRun
        ? report({ rowsRead: 9, valid: 9 })
        : report({ dryRun: false, committed: true, rowsRead: 9, valid: 9, inserted: 5, updated: 1, unchanged: 3 }),
    }));
    const { view, user } = renderPage(importGuarantorAccounts);

    await chooseAndCheck(user, extract());
    expect(await screen.findByText(/The file is clean/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('Imported: 5 new, 1 changed, 3 unchanged.')).toBeInTheDocument();
    expect(importSummaryRows()).toEqual(['Rows read9', 'Valid9', 'Rejected0', 'New accounts5', 'Changed1', 'Unchanged3']);
    expect(importGuarantorAccounts.mock.calls.map(([params]) => params.dryRun)).toEqual([true, false]);
    view.unmount();
  });
});

describe('the dataProvider import verb', () => {
  it('when a file is sent, then it goes as CSV to the import route with its name and whether it is a dry run, reporting progress', async () => {
    const upload = vi.fn(async () => ({ status: 200, headers: new Headers(), body: '{}', json: report({}) }));
    const onProgress = vi.fn();
    const file = extract();

    const { data } = await createDataProvider(vi.fn(), { apiUrl: '/api', upload }).importGuarantorAccounts({ file, dryRun: true, onProgress });

    expect(data.fileName).toBe('billing-export.csv');
    expect(upload).toHaveBeenCalledWith('/api/guarantor-accounts/import?dry_run=true&file_name=billing-export.csv', file, onProgress);
  });
});
