import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { GetListParams } from 'react-admin';
import type { LabResult } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { addMessages } from '../../i18n.ts';
import { resultsMessages } from './messages.ts';
import { ResultTrend } from './ResultTrend.tsx';
import { testResult, withheld } from './testResult.ts';

// The Results tab adds them before it loads the chart.
addMessages(resultsMessages);

const a1c = [
  testResult({ id: 1, value: '6.8', value_numeric: 6.8, abnormal_flag: 'H', performed_at: '2026-11-29T14:00:00Z', resulted_at: '2026-11-30T15:00:00Z' }),
  testResult({ id: 4, value: '6.1', value_numeric: 6.1, abnormal_flag: 'H', performed_at: '2025-06-10T14:00:00Z', resulted_at: '2025-06-11T15:00:00Z' }),
  testResult({ id: 5, value: '5.4', value_numeric: 5.4, abnormal_flag: 'N', performed_at: '2024-03-05T15:00:00Z', resulted_at: '2024-03-06T15:00:00Z' }),
];
const potassium = testResult({ id: 2, loinc_code: '2823-3', test_name: 'Potassium', value: '4.2', value_numeric: 4.2, unit: 'mmol/L', abnormal_flag: null });
const hiv = testResult({ id: 3, loinc_code: '56888-1', test_name: 'HIV 1+2 Ab+Ag', value: 'Nonreactive', value_numeric: null, unit: null, abnormal_flag: 'N' });

function renderTrend(latest: LabResult[]) {
  const getList = vi.fn(async (_resource: string, { filter }: GetListParams) => {
    const rows = filter.loinc_code ? latest.filter((result) => result.loinc_code === filter.loinc_code) : latest;
    return { data: rows, total: rows.length };
  });
  const view = renderInAdmin(<ResultTrend patientId={101} />, {
    dataProvider: fakeDataProvider({ getList }),
    authProvider: fakeAuthProvider({ results: ['list', 'show'], 'result-values': ['show'] }),
  });
  return { view, getList, user: userEvent.setup() };
}

describe('ResultTrend', () => {
  it('when a test has several numeric values, then its chart is described in words (test, count, latest value, reference) and can be read as a table', async () => {
    const { view, getList, user } = renderTrend([a1c[0], potassium, hiv, a1c[1], a1c[2]]);

    const chart = await screen.findByRole('figure');
    expect(chart).toHaveAccessibleDescription('Hemoglobin A1c, 3 values from March 2024 to November 2026; latest 6.8 % (high), reference 4.0-5.6');
    expect(getList).toHaveBeenCalledWith(
      'results',
      expect.objectContaining({ filter: { patient_id: 101, loinc_code: '4548-4' }, pagination: { page: 1, perPage: 500 } }),
    );

    // Potassium has one value and HIV none that is a number: neither can be drawn.
    await user.click(screen.getByRole('combobox', { name: 'Test' }));
    expect((await screen.findAllByRole('option')).map((option) => option.textContent)).toEqual(['Hemoglobin A1c']);
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Show as table' }));
    const table = screen.getByRole('table', { name: 'Values of Hemoglobin A1c' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual(['6.8 %', '6.1 %', '5.4 %']);
    expect(within(rows[0]).getByText('High')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hide table' })).toHaveAttribute('aria-expanded', 'true');
    view.unmount();
  });

  it('when values are withheld, then they are never charted: only the tests whose values can be read are offered', async () => {
    const readable = [potassium, testResult({ ...potassium, id: 6, value: '3.9', value_numeric: 3.9, performed_at: '2026-10-01T14:00:00Z' })];
    const { view, user } = renderTrend([...a1c.map(withheld), ...readable]);

    expect(await screen.findByRole('figure')).toHaveAccessibleDescription(/^Potassium, 2 values/);
    await user.click(screen.getByRole('combobox', { name: 'Test' }));
    expect((await screen.findAllByRole('option')).map((option) => option.textContent)).toEqual(['Potassium']);
    view.unmount();
  });
});
