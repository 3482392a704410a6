import { useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import { Button, useListContext, useNotify } from 'react-admin';
import { saveFile } from './saveFile.ts';
import { API_URL, type ApiErrorBody } from '../providers/httpClient.ts';

/**
 * Downloads the rows of the current filter as CSV from `/api/<resource>/export`, for an
 * investigation file. Fetched rather than linked so that a refusal (too many rows) shows as a
 * message here, not as a page of JSON. `doneMessage` says what to do with the file.
 */
export const ExportCsvButton = ({ resource, doneMessage = 'portal.export.done' }: { resource: string; doneMessage?: string }) => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const query = new URLSearchParams({ filter: JSON.stringify(filterValues) });
      const response = await fetch(`${API_URL}/${resource}/export?${query}`, { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
        notify(body?.message ?? 'portal.export.failed', { type: 'error' });
        return;
      }
      const fileName = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `${resource}.csv`;
      saveFile(await response.blob(), fileName);
      notify(doneMessage, { type: 'info' });
    } catch {
      notify('portal.export.failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return <Button label="portal.export.button" onClick={download} disabled={busy} startIcon={<DownloadIcon />} />;
};
