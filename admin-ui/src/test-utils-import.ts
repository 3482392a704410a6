import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { vi } from 'vitest';
import { saveFile } from './components/saveFile.ts';

/*
 * What the CSV import pages' tests (results, guarantor accounts) do and read alike, as the page
 * built on CsvImportCard shows it. A test that reads the rejects file must still mock saveFile
 * itself: vi.mock applies to the file that calls it.
 */

/** Chooses `file` in the page's file input, then asks for the check (a dry run). */
export async function chooseAndCheck(user: UserEvent, file: File) {
  await user.upload(document.querySelector('input[type=file]') as HTMLInputElement, file);
  await user.click(screen.getByRole('button', { name: 'Check file' }));
}

/** The text of each cell of each body row of `table`, its header row left out. */
export const bodyRowCells = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

/** Each row of the report's "Import summary" table, label and figure run together. */
export const importSummaryRows = () =>
  within(screen.getByRole('table', { name: 'Import summary' }))
    .getAllByRole('row')
    .map((row) => row.textContent);

/** The table of rows the check rejected, once the report is in. */
export const findRejectsTable = () => screen.findByRole('table', { name: 'Rejected rows' });

/** Downloads the rejected rows and reads the file the page handed to the (mocked) saveFile. */
export async function downloadRejects(user: UserEvent) {
  await user.click(screen.getByRole('button', { name: 'Download as CSV' }));
  const [file, fileName] = vi.mocked(saveFile).mock.calls[0];
  return { fileName, text: await file.text() };
}
