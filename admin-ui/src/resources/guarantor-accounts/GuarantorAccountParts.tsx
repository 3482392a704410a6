import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CreditCardIcon from '@mui/icons-material/CreditCard';
import CreditCardOffIcon from '@mui/icons-material/CreditCardOff';
import { Link, useCanAccess, useCreatePath, useTranslate } from 'react-admin';
import type { GuarantorAccount, GuarantorAccountDetail, PayNow } from '@portaldesk/admin-api/contract';
import { payNowSentence, payNowShort } from './payNow.ts';

export const RESOURCE = 'guarantor-accounts';

/** The guarantor as the bill names them: "Family, Given". */
export const guarantorName = (account: Pick<GuarantorAccount, 'guarantor_family_name' | 'guarantor_given_name'>) =>
  [account.guarantor_family_name, account.guarantor_given_name].filter(Boolean).join(', ');

/**
 * Pay Now in a list's few words: a chip that says whether it is offered (words and icon, not colour
 * alone) and the reason beside it.
 */
export const PayNowChip = ({ payNow }: { payNow: PayNow }) => {
  const translate = useTranslate();
  const { label, reason } = payNowShort(payNow, translate);
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
      <Chip
        size="small"
        variant="outlined"
        color={payNow.available ? 'success' : 'default'}
        icon={payNow.available ? <CreditCardIcon /> : <CreditCardOffIcon />}
        label={label}
      />
      {payNow.available ? null : (
        <Box component="span" sx={{ fontSize: '0.8125rem', color: 'text.secondary' }}>
          {reason}
        </Box>
      )}
    </Box>
  );
};

/** Pay Now in a sentence, with the chip before it: what an account's page and the panel say. */
export const PayNowSentence = ({ payNow, locationName }: { payNow: PayNow; locationName: string | null | undefined }) => {
  const translate = useTranslate();
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
      <Chip
        size="small"
        variant="outlined"
        color={payNow.available ? 'success' : 'default'}
        icon={payNow.available ? <CreditCardIcon /> : <CreditCardOffIcon />}
        label={translate(payNow.available ? 'portal.pay_now.chip.available' : 'portal.pay_now.chip.unavailable')}
        aria-hidden
      />
      <span>{payNowSentence(payNow, locationName, translate)}</span>
    </Box>
  );
};

/**
 * The patients on an account, by name and MRN, each a link to their record for whoever may open
 * it (billing and the privacy office may; the API audits the read).
 */
export const PatientLinks = ({ patients }: { patients: GuarantorAccountDetail['patients'] }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ action: 'show', resource: 'patients' });
  if (!patients.length) return <>{translate('portal.guarantor_accounts.no_patients')}</>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {patients.map((patient) => {
        const words = translate('portal.guarantor_accounts.patient', {
          name: [patient.family_name, patient.given_name].filter(Boolean).join(', '),
          mrn: patient.mrn,
        });
        return (
          <li key={patient.id}>
            {canAccess ? (
              <Link
                to={createPath({ resource: 'patients', type: 'show', id: patient.id })}
                title={translate('portal.guarantor_accounts.open_patient', { mrn: patient.mrn })}
              >
                {words}
              </Link>
            ) : (
              words
            )}
          </li>
        );
      })}
    </Box>
  );
};

/** The account's status in words: open, or closed and when. */
export const closedWords = (closedAt: string | null, formatDate: (value: string) => string, translate: (key: string, options?: object) => string) =>
  closedAt ? translate('portal.guarantor_accounts.closed_on', { date: formatDate(closedAt) }) : translate('portal.guarantor_accounts.open');
