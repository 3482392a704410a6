import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ResultImportReport } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { bodyRowCells, chooseAndCheck, downloadRejects, findRejectsTable, importSummaryRows } from '../../test-utils-import.ts';
import { ResultImportPage } from './ResultImportPage.tsx';

// jsdom cannot download; the file handed to the browser is what the test reads.
vi.mock('../../components/saveFile.ts', () => ({ saveFile: vi.fn() }));

const HEADER = 'accession_number,mrn,loinc_code,test_name,value,unit,reference_range,abnormal_flag,category,performed_at,resulted_at';
const feed = () =>
  new File([`${HEADER}\r\nACC-1,M000101,4548-4,Hemoglobin A1c,6.8,%,4.0-5.6,H,chemistry,2026-11-29T14:00:00Z,2026-11-30T15:00:00Z\r\n`], 'lab-feed.csv', {
    type: 'text/csv',
  });

const report = (overrides: Partial<ResultImportReport>): ResultImportReport => ({
  fileName: 'lab-feed.csv',
  dryRun: true,
  committed: false,
  rowsRead: 1,
  valid: 1,
  rejected: 0,
  inserted: 0,
  corrected: 0,
  unchanged: 0,
  held: 0,
  seconds: 0.1,
  rejects: [],
  ...overrides,
});

function renderPage(importResults: ReturnType<typeof vi.fn>) {
  const view = renderInAdmin(<ResultImportPage />, {
    dataProvider: fakeDataProvider({ importResults } as never),
    authProvider: fakeAuthProvider({ results: ['import'] }),
  });
  return { view, user: userEvent.setup() };
}

describe('ResultImportPage', () => {
  it('when a file with bad rows is checked, then a dry run is sent and each reject is listed by line and accession number, downloadable, and Import stays off', async () => {
    const rejected = report({
      rowsRead: 3,
      valid: 1,
      rejected: 2,
      rejects: [
        { line: 2, accession_number: 'ACC-2', problems: [{ field: 'abnormal_flag', reason: 'must be one of L, H, LL, HH, A, AA, N' }] },
        { line: 4, accession_number: null, problems: [{ field: 'accession_number', reason: 'is required' }] },
      ],
    });
    const importResults = vi.fn(async () => ({ data: rejected }));
    const { view, user } = renderPage(importResults);

    expect(screen.getByText(HEADER)).toBeInTheDocument();
    const file = feed();
    await chooseAndCheck(user, file);

    const rejects = await findRejectsTable();
    expect(importResults).toHaveBeenCalledWith(expect.objectContaining({ file, dryRun: true }));
    expect(within(rejects).getByRole('columnheader', { name: 'Accession number' })).toBeInTheDocument();
    expect(bodyRowCells(rejects)).toEqual([
      ['2', 'ACC-2', 'abnormal_flag: must be one of L, H, LL, HH, A, AA, N'],
      ['4', '—', 'accession_number: is required'],
    ]);
    expect(screen.getByText(/^2 rows were rejected, so nothing was written/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();

    const saved = await downloadRejects(user);
    expect(saved.fileName).toBe('lab-feed-rejects.csv');
    expect(saved.text).toBe(
      '"line","accession_number","reason"\r\n' +
        '"2","ACC-2","abnormal_flag: must be one of L, H, LL, HH, A, AA, N"\r\n' +
        '"4","","accession_number: is required"\r\n',
    );
    view.unmount();
  });

  it('when a file is checked clean and imported, then every count of the report is shown', async () => {
    const importResults = vi.fn(async ({ dryRun }: { dryRun: boolean }) => ({
      data: dryRun
        ? report({ rowsRead: 9, valid: 9 })
        : report({ dryRun: false, committed: true, rowsRead: 9, valid: 9, inserted: 5, corrected: 1, unchanged: 3, held: 2 }),
    }));
    const { view, user } = renderPage(importResults);

    await chooseAndCheck(user, feed());
    expect(await screen.findByText(/The file is clean/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(
      await screen.findByText(
        'Imported: 5 new, 1 corrected, 3 unchanged. New results are in the patients’ portal now, except 2 held by their category’s state-law rule.',
      ),
    ).toBeInTheDocument();
    expect(importSummaryRows()).toEqual(['Rows read9', 'Valid9', 'Rejected0', 'New results5', 'Corrected1', 'Unchanged3', 'Held by state law2']);
    expect(importResults.mock.calls.map(([params]) => params.dryRun)).toEqual([true, false]);
    view.unmount();
  });
});
