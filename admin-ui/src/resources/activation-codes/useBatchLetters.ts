import { useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { BatchIssueResult, PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { letterOf, openLetters } from './letters.ts';

/**
 * Issues codes for many patients and opens their letters as one printable document; refusals
 * (too young, account already active, unknown MRN) are kept to show beside it. A patient with a
 * live code is refused too until staff confirm replacing it (`replaceLive`).
 */
export function useBatchLetters() {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const navigate = useNavigate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BatchIssueResult | null>(null);

  // Where the batch was issued: confirming the replacement of live codes issues there too.
  const [locationId, setLocationId] = useState<number | undefined>();

  /** Sends a batch; what it gives is added to the letters and refusals of the batches before it. */
  const send = async (target: { patientIds?: number[]; mrns?: string[]; locationId?: number; replaceLive?: boolean }, before: BatchIssueResult | null) => {
    setBusy(true);
    try {
      const { data } = await dataProvider.issueActivationCodes(target);
      const merged = before
        ? { issued: [...before.issued, ...data.issued], refused: [...before.refused.filter((refusal) => refusal.code !== 'live_code'), ...data.refused] }
        : data;
      setResult(merged);
      if (merged.issued.length && !merged.refused.length) openLetters(navigate, merged.issued.map(letterOf));
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const issue = (target: { patientIds?: number[]; mrns?: string[]; locationId?: number }) => {
    setLocationId(target.locationId);
    return send(target, null);
  };

  /** Staff confirmed: codes for the patients refused because of a live code, replacing it. */
  const replaceLive = () => {
    const patientIds = (result?.refused ?? [])
      .filter((refusal) => refusal.code === 'live_code' && refusal.patient_id !== null)
      .map((refusal) => refusal.patient_id!);
    return send({ patientIds, locationId, replaceLive: true }, result);
  };

  const printIssued = () => result && openLetters(navigate, result.issued.map(letterOf));

  return { busy, result, issue, replaceLive, printIssued, clear: () => setResult(null) };
}
