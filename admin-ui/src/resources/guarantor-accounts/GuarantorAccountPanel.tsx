import { useId } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { HttpError, Link, useCanAccess, useCreatePath, useGetOne, useTranslate } from 'react-admin';
import type { GuarantorAccountDetail } from '@portaldesk/admin-api/contract';
import { Detail } from '../../components/Details.tsx';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { guarantorName, PatientLinks, PayNowSentence, RESOURCE } from './GuarantorAccountParts.tsx';
import { formatBalance } from './payNow.ts';

/** A refusal or a miss (403, 404) answers the same on a second try; a network failure may not. */
const retryUnlessAnswered = (failures: number, error: unknown) => !(error instanceof HttpError && error.status >= 400 && error.status < 500) && failures < 2;

/**
 * A guarantor account at a glance, for the page beside it (a billing message): its number, the
 * guarantor, the balance, the patients on it, the service location with its billing phone, and
 * whether Pay Now is offered and, if not, why. Reads GET guarantor-accounts/:id (audited as a
 * read of each patient on the account).
 */
export const GuarantorAccountPanel = ({ accountId }: { accountId: number }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const headingId = useId();
  const { data: account, isPending, error } = useGetOne<GuarantorAccountDetail>(RESOURCE, { id: accountId }, { retry: retryUnlessAnswered });
  const { canAccess: canOpen } = useCanAccess({ action: 'show', resource: RESOURCE });

  if (isPending) {
    return (
      <Card variant="outlined" role="status" aria-label={translate('portal.guarantor_accounts.loading')}>
        <CardContent>
          <Typography variant="body2">{translate('portal.guarantor_accounts.loading')}</Typography>
          <LinearProgress sx={{ mt: 1 }} />
        </CardContent>
      </Card>
    );
  }
  if (error || !account) {
    const message = apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : translate('ra.notification.http_error'));
    return <Alert severity="warning">{translate('portal.guarantor_accounts.load_failed', { message })}</Alert>;
  }

  const location = account.service_location;
  return (
    <Card variant="outlined" component="section" aria-labelledby={headingId}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1.5 }}>
          <Typography id={headingId} variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {translate('portal.guarantor_accounts.panel_title', { number: account.account_number })}
          </Typography>
          {account.closed_at ? <Chip size="small" label={translate('portal.guarantor_accounts.closed')} /> : null}
        </Stack>
        <Box component="dl" sx={{ m: 0, display: 'grid', gap: 1.5 }}>
          <Detail label="resources.guarantor-accounts.fields.guarantor">{guarantorName(account)}</Detail>
          <Detail label="portal.guarantor_accounts.balance">{formatBalance(account.balance_cents)}</Detail>
          <Detail label="portal.guarantor_accounts.sections.patients">
            <PatientLinks patients={account.patients} />
          </Detail>
          <Detail label="portal.guarantor_accounts.location">
            {translate('portal.guarantor_accounts.location_with_phone', { name: location.name, phone: location.billing_phone_display })}
          </Detail>
          <Detail label="portal.guarantor_accounts.sections.pay_now">
            <PayNowSentence payNow={account.payNow} locationName={location.name} />
          </Detail>
        </Box>
        {canOpen ? (
          <Box sx={{ mt: 1.5 }}>
            <Link to={createPath({ resource: RESOURCE, type: 'show', id: account.id })}>{translate('portal.guarantor_accounts.open_account')}</Link>
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
};
