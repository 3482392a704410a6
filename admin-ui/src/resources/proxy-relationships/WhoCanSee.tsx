import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PrintIcon from '@mui/icons-material/Print';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate, type Identifier } from 'react-admin';
import type { WhoCanSee as WhoCanSeeData } from '@portaldesk/admin-api/contract';
import { dateInWords } from '../../components/typed-date.ts';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { PrintPart, printPart } from './printing.tsx';

/** The query key of a patient's "who sees what", which a revocation makes stale. */
export const whoCanSeeKey = (patientId: Identifier | undefined) => ['who-can-see', patientId];

/** Each person who sees the record, how, and the sentence saying what and why. */
const Explanation = ({ data, headingId }: { data: WhoCanSeeData; headingId?: string }) => {
  const translate = useTranslate();
  return (
    <>
      <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {translate('portal.proxies.who_title', { name: data.patient_name })}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('portal.proxies.who_on', { date: dateInWords(data.on), name: data.patient_name, smart_count: data.age })}
      </Typography>
      {data.people.length ? (
        <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
          {data.people.map((person) => (
            <Box
              component="li"
              key={`${person.through}-${person.relationship_id ?? person.username}`}
              sx={{ py: 1, '& + li': { borderTop: 1, borderColor: 'divider' } }}
            >
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography component="span" sx={{ fontWeight: 600 }}>
                  {person.who}
                </Typography>
                <Typography component="span" variant="body2" color="text.secondary">
                  {person.through === 'own_account'
                    ? translate('portal.proxies.own_account', { username: person.username })
                    : translate('portal.proxies.through_proxy', {
                        relationship: translate(`portal.proxies.role.${person.relationship}`, { _: person.relationship ?? '' }),
                        username: person.username,
                      })}
                </Typography>
                <Chip
                  size="small"
                  variant="outlined"
                  color={person.sees_anything ? 'success' : 'default'}
                  label={translate(person.sees_anything ? 'portal.proxies.sees_something' : 'portal.proxies.sees_nothing')}
                />
              </Stack>
              <Typography sx={{ mt: 0.5 }}>{person.sentence}</Typography>
            </Box>
          ))}
        </Box>
      ) : (
        <Typography>{translate('portal.proxies.who_nobody')}</Typography>
      )}
    </>
  );
};

/**
 * "Who sees what, and why": the privacy office's usual question about a patient, answered by the
 * server for today (the patient's own account, then every proxy, each with its sentence), and
 * printable on its own.
 */
export const WhoCanSee = ({ patientId }: { patientId: Identifier }) => {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const translate = useTranslate();
  const { data, error, isPending } = useQuery({
    queryKey: whoCanSeeKey(patientId),
    queryFn: () => dataProvider.whoCanSee({ patientId }).then((answer) => answer.data),
  });
  return (
    <Box component="section" aria-labelledby={data ? 'who-can-see-title' : undefined} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, mb: 2 }}>
      {isPending ? <Typography color="text.secondary">{translate('ra.page.loading')}</Typography> : null}
      {error ? (
        <Alert severity="error">{apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : translate('ra.notification.http_error'))}</Alert>
      ) : null}
      {data ? (
        <>
          <Explanation data={data} headingId="who-can-see-title" />
          <MuiButton variant="outlined" size="small" startIcon={<PrintIcon />} onClick={printPart} sx={{ mt: 1 }}>
            {translate('portal.proxies.print')}
          </MuiButton>
          <PrintPart>
            <Explanation data={data} />
          </PrintPart>
        </>
      ) : null}
    </Box>
  );
};
