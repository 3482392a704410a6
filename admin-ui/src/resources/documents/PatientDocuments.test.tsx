import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { RecordContextProvider } from 'react-admin';
import type { PatientDocument } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientDocuments } from './PatientDocuments.tsx';

const SHA = '47f44a769534a3fc931d10139f1fb295f71ecde91ac713f7796d9427f670b332';
const poa: PatientDocument = {
  id: 7,
  received_at: '2026-11-25T23:28:00Z',
  source: 'portal',
  file_name: 'durable-power-of-attorney.pdf',
  media_type: 'application/pdf',
  bytes: 245_760,
  sha256: SHA,
  proxy_request_id: 12,
};

function renderDocuments(documents: PatientDocument[]) {
  const getList = vi.fn(async () => ({ data: documents, total: documents.length }));
  const view = renderInAdmin(
    <RecordContextProvider value={{ id: 42 }}>
      <PatientDocuments />
    </RecordContextProvider>,
    { dataProvider: fakeDataProvider({ getList } as never), authProvider: fakeAuthProvider({ documents: ['list', 'show'] }) },
  );
  return { getList, view };
}

describe('PatientDocuments', () => {
  it('when the patient has a document, then it opens in a new tab and shows when it came, its size, SHA-256 and the proxy request it came with', async () => {
    const { getList, view } = renderDocuments([poa]);
    const panel = await screen.findByRole('region', { name: 'Documents' });
    const file = await within(panel).findByRole('link', { name: 'durable-power-of-attorney.pdf' });
    expect(file).toHaveAttribute('href', '/api/documents/7/content');
    expect(file).toHaveAttribute('target', '_blank');
    expect(within(panel).getByText(/from the portal/)).toBeInTheDocument();
    expect(within(panel).getByText('240 kB')).toBeInTheDocument();
    expect(within(panel).getByText(SHA)).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: 'Proxy request 12' })).toHaveAttribute('href', expect.stringMatching(/\/proxy-requests\/12\/show$/));
    expect(getList).toHaveBeenCalledWith('documents', expect.objectContaining({ filter: { patient_id: 42 } }));
    view.unmount();
  });

  it('when nothing was sent about the patient, then it says so', async () => {
    const { view } = renderDocuments([]);
    expect(await screen.findByText('No documents have been sent about this patient.')).toBeInTheDocument();
    view.unmount();
  });
});
