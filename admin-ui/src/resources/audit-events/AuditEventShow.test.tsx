import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { AuditEventShow } from './AuditEventShow.tsx';

const event = {
  id: 77,
  occurred_at: '2026-11-02T14:00:00Z',
  staff_user_id: 3193,
  staff_username: 'frankie',
  staff_display_name: 'Frankie Desk',
  roles: ['front_desk'],
  action: 'show',
  resource: 'patients',
  resource_id: '4242',
  patient_id: 4242,
  patient_name: "O'CONNELL, Ada",
  patient_mrn: '10000172',
  listed_count: null,
  client_address: '10.0.0.7',
  request_id: 'r-1',
  outcome: 'success',
  details: null,
};

function renderShow(record: typeof event | (Omit<typeof event, 'resource_id'> & { resource_id: string })) {
  return renderInAdmin(
    <Routes>
      <Route path="/audit-events/:id/show" element={<AuditEventShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: record })) }),
      authProvider: fakeAuthProvider({ 'audit-events': ['list', 'show'], patients: ['show'] }),
      path: `/audit-events/${record.id}/show`,
      resource: 'audit-events',
    },
  );
}

describe('AuditEventShow', () => {
  it('when an audit entry about a patient is opened, then it names the patient and staff member, never their database ids', async () => {
    const view = renderShow(event);

    expect(await screen.findByText("Opened the record of O'CONNELL, Ada (MRN 10000172)")).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: "O'CONNELL, Ada · MRN 10000172" })).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/4242|3193/);
    view.unmount();
  });

  it('when the entry is about something with a name of its own, then that key is shown', async () => {
    const view = renderShow({ ...event, action: 'edit', resource: 'settings', resource_id: 'session.idle_minutes', patient_id: null as never });

    expect(await screen.findByText('session.idle_minutes')).toBeInTheDocument();
    view.unmount();
  });
});
