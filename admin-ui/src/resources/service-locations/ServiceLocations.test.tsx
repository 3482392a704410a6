import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { ServiceLocation } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ServiceLocationCreate } from './ServiceLocationCreate.tsx';
import { ServiceLocationEdit } from './ServiceLocationEdit.tsx';
import { ServiceLocationList } from './ServiceLocationList.tsx';

const permissions = { 'service-locations': ['list', 'show', 'create', 'edit'] };

const campus = (overrides: Partial<ServiceLocation> = {}): ServiceLocation => ({
  id: 3,
  name: 'Hartford Hospital',
  billing_phone: '+18609724993',
  billing_phone_display: '(860) 972-4993',
  accepts_online_payments: true,
  created_at: '2026-06-01T14:00:00Z',
  updated_at: '2026-06-01T14:00:00Z',
  updated_by_username: 'ada',
  version: 1,
  ...overrides,
});

function renderAt(path: string, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/service-locations/create" element={<ServiceLocationCreate />} />
      <Route path="/service-locations/:id" element={<ServiceLocationEdit />} />
      <Route path="/service-locations" element={<p>service locations list</p>} />
    </Routes>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions), path, resource: 'service-locations' },
  );
}

describe('service locations', () => {
  it('when an admin adds a location that takes no online payments, then the API gets its camelCase body and nothing else', async () => {
    const create = vi.fn(async () => ({ data: campus({ id: 9, name: 'Windham Clinic', accepts_online_payments: false }) }));
    const view = renderAt('/service-locations/create', { create });
    const user = userEvent.setup();

    const name = await screen.findByRole('textbox', { name: /Name/ });
    expect(name).toHaveFocus();
    await user.type(name, 'Windham Clinic');
    await user.type(screen.getByRole('textbox', { name: /Billing phone/ }), '860-456-9000');
    const online = screen.getByRole('switch', { name: /Takes online payments/ });
    expect(online).toBeChecked();
    await user.click(online);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(create).toHaveBeenCalledWith(
        'service-locations',
        expect.objectContaining({ data: { name: 'Windham Clinic', billingPhone: '860-456-9000', acceptsOnlinePayments: false } }),
      ),
    );
    expect(await screen.findByText('service locations list')).toBeInTheDocument();
    view.unmount();
  });

  it('when the API refuses the billing phone, then the field says why in words and nothing is added', async () => {
    const create = vi.fn(async () => {
      throw new HttpError('billingPhone must be a US phone number such as (860) 972-4993', 400, {
        code: 'validation_failed',
        message: 'billingPhone must be a US phone number such as (860) 972-4993',
        requestId: 'r1',
        errors: { billingPhone: 'must be a US phone number such as (860) 972-4993' },
      });
    });
    const view = renderAt('/service-locations/create', { create });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /Name/ }), 'Windham Clinic');
    await user.type(screen.getByRole('textbox', { name: /Billing phone/ }), '+44 20 7946 0000');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect((await screen.findAllByText('Billing phone must be a US phone number such as (860) 972-4993.')).length).toBeGreaterThan(0);
    expect(screen.queryByText('service locations list')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when someone else saved the location first, then the stale dialog shows theirs beside mine, and keeping mine saves from their version', async () => {
    const theirs = campus({ name: 'Hartford Hospital Main Campus', updated_at: '2026-12-01T15:00:00Z', updated_by_username: 'grace', version: 2 });
    const getOne = vi.fn().mockResolvedValueOnce({ data: campus() }).mockResolvedValue({ data: theirs });
    const update = vi
      .fn()
      .mockRejectedValueOnce(
        new HttpError('“Hartford Hospital Main Campus” was changed by someone else since you opened it. Reload to see the change.', 409, {
          code: 'stale_version',
          message: '“Hartford Hospital Main Campus” was changed by someone else since you opened it. Reload to see the change.',
          requestId: 'r2',
        }),
      )
      .mockResolvedValue({ data: campus({ accepts_online_payments: false, version: 3 }) });
    const view = renderAt('/service-locations/3', { getOne, update });
    const user = userEvent.setup();

    const online = await screen.findByRole('switch', { name: /Takes online payments/ });
    expect(screen.getByRole('textbox', { name: /Billing phone/ })).toHaveValue('(860) 972-4993');
    await user.click(online);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Someone else saved this location since you opened it' });
    expect(update).toHaveBeenCalledWith(
      'service-locations',
      expect.objectContaining({ id: 3, data: { name: 'Hartford Hospital', billingPhone: '(860) 972-4993', acceptsOnlinePayments: false, version: 1 } }),
    );
    expect(within(dialog).getByText(/grace saved it Dec 1, 2026, 10:00 AM EST/)).toBeInTheDocument();
    const nameRow = within(dialog).getByRole('rowheader', { name: /Name/ }).closest('tr')!;
    expect(within(nameRow).getByText('Hartford Hospital Main Campus')).toBeInTheDocument();
    expect(within(nameRow).getByText('Hartford Hospital')).toBeInTheDocument();
    expect(within(nameRow).getByText('differs')).toBeInTheDocument();
    const onlineRow = within(dialog)
      .getByRole('rowheader', { name: /Takes online payments/ })
      .closest('tr')!;
    expect(within(onlineRow).getByText('Yes')).toBeInTheDocument();
    expect(within(onlineRow).getByText('No: patients call')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Keep my changes' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Keep my changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText(/Your changes are in the form: saving now replaces what was saved Dec 1, 2026/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /Takes online payments/ })).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(
      'service-locations',
      expect.objectContaining({ id: 3, data: { name: 'Hartford Hospital', billingPhone: '(860) 972-4993', acceptsOnlinePayments: false, version: 2 } }),
    );
    expect(await screen.findByText('service locations list')).toBeInTheDocument();
    view.unmount();
  });

  it('when someone else saved first and the admin takes theirs, then the form shows their values and nothing is sent', async () => {
    const theirs = campus({ name: 'Hartford Hospital Main Campus', billing_phone_display: '(860) 545-0000', version: 2 });
    const getOne = vi.fn().mockResolvedValueOnce({ data: campus() }).mockResolvedValue({ data: theirs });
    const update = vi.fn().mockRejectedValue(new HttpError('stale', 409, { code: 'stale_version', message: 'stale', requestId: 'r3' }));
    const view = renderAt('/service-locations/3', { getOne, update });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('switch', { name: /Takes online payments/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog', { name: 'Someone else saved this location since you opened it' });
    await user.click(within(dialog).getByRole('button', { name: 'Use theirs' }));

    await waitFor(() => expect(screen.getByRole('textbox', { name: /Name/ })).toHaveValue('Hartford Hospital Main Campus'));
    expect(screen.getByRole('textbox', { name: /Billing phone/ })).toHaveValue('(860) 545-0000');
    expect(screen.getByRole('switch', { name: /Takes online payments/ })).toBeChecked();
    expect(update).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('when there is no location yet, then the list says so, what they are for, and offers to add one', async () => {
    const getList = vi.fn(async () => ({ data: [], total: 0 }));
    const view = renderInAdmin(<ServiceLocationList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'service-locations',
    });

    expect(await screen.findByText('No service locations yet…')).toBeInTheDocument();
    expect(screen.getByText(/Guarantor accounts name their location/)).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Add a service location' })).toHaveAttribute('href', '/service-locations/create');
    view.unmount();
  });

  it('when locations are listed, then the billing phone reads as people write it and online payments in words', async () => {
    const getList = vi.fn(async () => ({
      data: [
        campus(),
        campus({ id: 4, name: 'Windham Clinic', billing_phone: '+18604569000', billing_phone_display: '(860) 456-9000', accepts_online_payments: false }),
      ],
      total: 2,
    }));
    const view = renderInAdmin(<ServiceLocationList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider(permissions),
      resource: 'service-locations',
    });

    const windham = (await screen.findByText('Windham Clinic')).closest('tr')!;
    expect(within(windham).getByText('(860) 456-9000')).toBeInTheDocument();
    expect(within(windham).getByText('No: patients call')).toBeInTheDocument();
    const hartford = screen.getByText('Hartford Hospital').closest('tr')!;
    expect(within(hartford).getByText('(860) 972-4993')).toBeInTheDocument();
    expect(within(hartford).getByText('Yes')).toBeInTheDocument();
    expect(screen.queryByText('+18609724993')).not.toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith('service-locations', expect.objectContaining({ sort: { field: 'name', order: 'ASC' } }));
    view.unmount();
  });
});
