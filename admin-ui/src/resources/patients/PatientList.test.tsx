import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientList } from './PatientList.tsx';

const permissions = { patients: ['list', 'show'] };

const smith = {
  id: 101,
  mrn: 'M000101',
  family_name: 'SMITH',
  given_name: 'Joan',
  date_of_birth: '1980-01-02',
  age: 46,
  sex: 'female',
  deceased: false,
  deceased_date: null,
  city: 'Hartford',
  state: 'CT',
};

function patientsAnswer(filter: Record<string, unknown>) {
  if (!filter.q) return { data: [], total: 0 };
  return { data: [smith, { ...smith, id: 102, mrn: 'M000102', given_name: 'Karl', sex: 'male', deceased: true, deceased_date: '2020-05-01' }], total: 2 };
}

describe('PatientList', () => {
  it('when nothing has been searched yet, then it asks for a name, MRN or date of birth instead of saying "no results"', async () => {
    const getList = vi.fn(async () => ({ data: [], total: 0 }));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });

    expect(await screen.findByText('Search by name, MRN or date of birth')).toBeInTheDocument();
    expect(screen.getByRole('search')).toBeInTheDocument();
    expect(screen.queryByText(/no patient matches/i)).not.toBeInTheDocument();
    view.unmount();
  });

  it('when a name is typed and Enter pressed, then the dataProvider is asked with filter q and the matching rows show', async () => {
    const getList = vi.fn(async (_resource: string, params: { filter: Record<string, unknown> }) => patientsAnswer(params.filter));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'smith{Enter}');

    expect(await screen.findByText('SMITH, Joan')).toBeInTheDocument();
    expect(screen.getByText('SMITH, Karl')).toBeInTheDocument();
    expect(screen.getByText('Deceased')).toBeInTheDocument();
    expect(screen.getAllByText('01/02/1980')).toHaveLength(2);
    expect(getList).toHaveBeenLastCalledWith('patients', expect.objectContaining({ filter: { q: 'smith' } }));
    view.unmount();
  });

  it('when the criteria match nobody, then it says which search found no patient', async () => {
    const getList = vi.fn(async () => ({ data: [], total: 0 }));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: 'MRN' }), 'X999{Enter}');

    expect(await screen.findByText('No patient matches MRN X999')).toBeInTheDocument();
    // The hint fits an MRN search, not a name search.
    expect(screen.getByText(/Check the number against the patient’s wristband or paperwork/)).toBeInTheDocument();
    expect(screen.queryByText(/Check the spelling/)).not.toBeInTheDocument();
    expect(getList).toHaveBeenLastCalledWith('patients', expect.objectContaining({ filter: { mrn: 'X999' } }));
    view.unmount();
  });

  it('when a birth date is typed the way the desk types it, then the field says the day it understood and the search asks for that day', async () => {
    const getList = vi.fn(async () => ({ data: [], total: 0 }));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });
    const user = userEvent.setup();
    const birthDate = await screen.findByRole('textbox', { name: 'Date of birth' });

    await user.type(birthDate, '4/7/84');
    expect(screen.getByText('April 7, 1984')).toBeInTheDocument();
    await user.type(birthDate, '{Enter}');
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('patients', expect.objectContaining({ filter: { date_of_birth: '1984-04-07' } })));

    const searches = getList.mock.calls.length;
    await user.clear(birthDate);
    await user.type(birthDate, '02/30/1984{Enter}');
    expect(await screen.findByText('February 1984 has no day 30.')).toBeInTheDocument();
    // Refused on the field: no search without the date, nor with the last one.
    expect(getList).toHaveBeenCalledTimes(searches);
    expect(getList).toHaveBeenLastCalledWith('patients', expect.objectContaining({ filter: { date_of_birth: '1984-04-07' } }));
    view.unmount();
  });

  it('when no row is selected, then the bulk "Issue codes" button cannot be reached from the keyboard; selecting a row makes it usable', async () => {
    const getList = vi.fn(async (_resource: string, params: { filter: Record<string, unknown> }) => patientsAnswer(params.filter));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider({ ...permissions, 'activation-codes': ['list', 'create'] }),
      resource: 'patients',
    });
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'smith{Enter}');
    await screen.findByText('SMITH, Joan');

    const bulkButtons = () => screen.queryAllByRole('button', { name: 'Issue codes and print letters', hidden: true });
    await waitFor(() => expect(bulkButtons().length).toBeGreaterThan(0));
    for (const button of bulkButtons()) expect(button).toBeDisabled();
    // [0] selects all; the rows follow.
    await user.click(screen.getAllByRole('checkbox')[1]);
    await waitFor(() => expect(bulkButtons().some((button) => !(button as HTMLButtonElement).disabled)).toBe(true));
    view.unmount();
  });

  it('when a "contains" search is shorter than 3 letters, then it explains instead of asking the server', async () => {
    const getList = vi.fn(async () => ({ data: [], total: 0 }));
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });
    const user = userEvent.setup();
    await screen.findByText('Search by name, MRN or date of birth');

    await user.click(screen.getByRole('combobox', { name: 'Name match' }));
    await user.click(await screen.findByRole('option', { name: 'Contains' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'sm{Enter}');

    expect(await screen.findByText('Type at least 3 letters to search inside names.')).toBeInTheDocument();
    expect(getList).not.toHaveBeenCalledWith('patients', expect.objectContaining({ filter: expect.objectContaining({ q: 'sm' }) }));
    view.unmount();
  });

  it('when the server stopped counting, then the list says "more than N matches" and asks to refine the search', async () => {
    const page = Array.from({ length: 25 }, (_, index) => ({ ...smith, id: 200 + index, mrn: `M${200 + index}`, given_name: `Given${index}` }));
    const getList = vi.fn(async (_resource: string, params: { filter: Record<string, unknown> }) =>
      params.filter.q ? { data: page, pageInfo: { hasNextPage: true, hasPreviousPage: false }, meta: { totalAtLeast: 1000 } } : { data: [], total: 0 },
    );
    const view = renderInAdmin(<PatientList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'patients',
    });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 's{Enter}');

    expect(await screen.findByText(/More than 1,000 matches\./)).toBeInTheDocument();
    expect(screen.getByText(/Refine your search/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('SMITH, Given0')).toBeInTheDocument());
    view.unmount();
  });
});
