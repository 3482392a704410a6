import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link, useCreatePath, useGetList, useRecordContext, useTranslate } from 'react-admin';
import type { PatientDocument, PatientRecord } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { apiErrorBody } from '../../providers/httpClient.ts';

/** A patient has a handful of documents; the API pages at 100. */
const ALL = { page: 1, perPage: 100 };

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * The documents sent about the patient (a proxy form, a power of attorney), newest first: each
 * opens in a new tab, with when it came, from where, its size and SHA-256 (to prove a copy is the
 * same), and the proxy request it came with.
 */
export const PatientDocuments = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const createPath = useCreatePath();
  const { data, error, isPending } = useGetList<PatientDocument>(
    'documents',
    { filter: { patient_id: record?.id }, pagination: ALL, sort: { field: 'received_at', order: 'DESC' } },
    { enabled: record !== undefined },
  );
  if (!record) return null;
  return (
    <Card component="section" aria-labelledby="patient-documents-title" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="patient-documents-title" variant="h6" component="h2" sx={{ mb: 1 }}>
          {translate('portal.documents.title')}
        </Typography>
        {isPending ? <Typography color="text.secondary">{translate('ra.page.loading')}</Typography> : null}
        {error ? <Alert severity="error">{apiErrorBody(error)?.message ?? translate('ra.notification.http_error')}</Alert> : null}
        {data && !data.length ? <Typography color="text.secondary">{translate('portal.documents.empty')}</Typography> : null}
        {data?.length ? (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  {translate('portal.documents.file')}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.documents.received')}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.documents.size')}
                </TableCell>
                <TableCell component="th" scope="col">
                  SHA-256
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.documents.came_with')}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((document) => (
                <TableRow key={document.id}>
                  <TableCell>
                    <a href={`/api/documents/${document.id}/content`} target="_blank" rel="noopener noreferrer">
                      {document.file_name}
                    </a>
                  </TableCell>
                  <TableCell>
                    {formatDateTime(document.received_at, timeZone)} · {translate(`portal.documents.source.${document.source}`)}
                  </TableCell>
                  <TableCell>{size(document.bytes)}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{document.sha256}</TableCell>
                  <TableCell>
                    {document.proxy_request_id ? (
                      <Link to={createPath({ resource: 'proxy-requests', type: 'show', id: document.proxy_request_id })}>
                        {translate('portal.documents.proxy_request', { id: document.proxy_request_id })}
                      </Link>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
    </Card>
  );
};
