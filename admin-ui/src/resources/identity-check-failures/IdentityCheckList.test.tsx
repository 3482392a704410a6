import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { IdentityCheckList } from './IdentityCheckList.tsx';

const row = (id: number, overrides: object) => ({
  id,
  reported_at: '2026-11-20T15:00:00Z',
  family_name: 'Doe',
  given_name: 'Jane',
  date_of_birth: '1990-01-01',
  reason: 'Address did not match',
  patient_mrn: null,
  status: 'open',
  due_at: '2026-11-23T21:00:00Z',
  overdue: false,
  version: 1,
  ...overrides,
});

describe('IdentityCheckList', () => {
  it('when cases are open, then the queue asks for open ones and marks the overdue case', async () => {
    const getList = vi.fn(async () => ({ data: [row(1, { overdue: true }), row(2, { family_name: 'Roe', due_at: '2026-11-30T21:00:00Z' })], total: 2 }));
    const view = renderInAdmin(<IdentityCheckList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider({ 'identity-check-failures': ['list', 'show', 'edit'] }),
      resource: 'identity-check-failures',
    });

    const overdueRow = (await screen.findByText('Doe')).closest('tr')!;
    expect(within(overdueRow).getByText('Overdue')).toBeInTheDocument();
    expect(within(screen.getByText('Roe').closest('tr')!).queryByText('Overdue')).not.toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith(
      'identity-check-failures',
      expect.objectContaining({ filter: { status: 'open' }, sort: { field: 'reported_at', order: 'ASC' } }),
    );
    view.unmount();
  });
});
