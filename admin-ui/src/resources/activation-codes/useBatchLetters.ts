import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { BatchIssueResult, PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { letterOf, openLetters } from './letters.ts';

/**
 * Issues codes for many patients and opens their letters as one printable document; refusals
 * (too young, account already active, unknown MRN) are kept to show beside it.
 */
export function useBatchLetters() {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const navigate = useNavigate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BatchIssueResult | null>(null);

  const issue = async (target: { patientIds?: number[]; mrns?: string[]; location?: string }) => {
    setBusy(true);
    try {
      const { data } = await dataProvider.issueActivationCodes({ ...target, location: target.location?.trim() || undefined });
      setResult(data);
      if (data.issued.length && !data.refused.length) openLetters(navigate, data.issued.map(letterOf));
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const printIssued = () => result && openLetters(navigate, result.issued.map(letterOf));

  return { busy, result, issue, printIssued, clear: () => setResult(null) };
}
