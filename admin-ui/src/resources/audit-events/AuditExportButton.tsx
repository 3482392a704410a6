import { useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { Button, useListContext, useNotify } from 'react-admin';
import { saveFile } from '../../components/saveFile.ts';
import { API_URL, type ApiErrorBody } from '../../providers/httpClient.ts';

/**
 * Downloads the rows of the current filter as CSV for an investigation file. Fetched rather than
 * linked so that a refusal (too many rows) shows as a message here, not as a page of JSON.
 */
export const AuditExportButton = () => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const query = new URLSearchParams({ filter: JSON.stringify(filterValues) });
      const response = await fetch(`${API_URL}/audit-events/export?${query}`, { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        notify(body?.message ?? 'portal.audit.export_failed', { type: 'error' });
        return;
      }
      const fileName = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'audit-log.csv';
      saveFile(await response.blob(), fileName);
      notify('portal.audit.exported', { type: 'info' });
    } catch {
      notify('portal.audit.export_failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return <Button label="portal.audit.export" onClick={download} disabled={busy} startIcon={<DownloadIcon />} />;
};
