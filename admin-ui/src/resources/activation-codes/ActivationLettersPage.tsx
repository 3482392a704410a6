import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PrintIcon from '@mui/icons-material/Print';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { useGetIdentity, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { formatLastDay } from '../../components/dates.tsx';
import type { PortalIdentity } from '../../providers/authProvider.ts';
import { forgetLetters, lettersHandedOver, takePrintRequest, type ActivationLetter } from './letters.ts';

/** Letter paper: a page a letter, nothing of the console printed. */
const PRINT_STYLES = `
@page { size: letter; margin: 0.75in; }
@media print {
  .no-print { display: none !important; }
  body, .letters-page { background: #fff !important; }
  .letters-page { padding: 0 !important; min-height: 0 !important; }
  .activation-letter { box-shadow: none !important; margin: 0 !important; border: 0 !important; }
  .activation-letter + .activation-letter { break-before: page; }
}
`;

const Letter = ({ letter, identity }: { letter: ActivationLetter; identity: PortalIdentity }) => {
  const translate = useTranslate();
  const { organization } = identity;
  return (
    <Box
      component="article"
      className="activation-letter"
      aria-label={translate('portal.letter.label', { name: letter.patientName })}
      sx={{ bgcolor: '#fff', color: '#000', p: 6, mb: 4, maxWidth: '7in', mx: 'auto', boxShadow: 2, fontSize: 16, lineHeight: 1.5 }}
    >
      <Typography variant="h5" component="h2" sx={{ fontWeight: 700 }}>
        {organization.name}
      </Typography>
      <Typography variant="subtitle1" component="p" sx={{ mb: 4 }}>
        {translate('portal.letter.subtitle', { portal: organization.portalName })}
      </Typography>
      <Typography sx={{ mb: 2 }}>{translate('portal.letter.greeting', { name: letter.patientName })}</Typography>
      <Typography sx={{ mb: 3 }}>{translate('portal.letter.intro', { portal: organization.portalName })}</Typography>
      <Box sx={{ border: '2px solid #000', p: 2, mb: 3, textAlign: 'center' }}>
        <Typography variant="overline" component="div">
          {translate('portal.letter.code_label')}
        </Typography>
        <Typography component="div" data-testid="activation-code" sx={{ fontFamily: 'monospace', fontSize: 30, letterSpacing: 3, fontWeight: 700 }}>
          {letter.code}
        </Typography>
        <Typography component="div">{translate('portal.letter.expires', { date: formatLastDay(letter.expiresAt, organization.timeZone) })}</Typography>
      </Box>
      <Typography component="h3" sx={{ fontWeight: 700, mb: 1 }}>
        {translate('portal.letter.steps_title')}
      </Typography>
      <Box component="ol" sx={{ mt: 0, mb: 3, pl: 3 }}>
        <li>{translate('portal.letter.step_open', { address: organization.portalAddress })}</li>
        <li>{translate('portal.letter.step_code')}</li>
        <li>{translate('portal.letter.step_account')}</li>
      </Box>
      <Typography sx={{ mb: 2 }}>{translate('portal.letter.help', { phone: organization.supportPhone, hours: organization.supportHours })}</Typography>
      <Typography sx={{ fontWeight: 700, border: '1px solid #000', p: 1 }}>{translate('portal.letter.emergency')}</Typography>
      <Typography variant="body2" sx={{ mt: 3 }}>
        {translate('portal.letter.once')}
      </Typography>
    </Box>
  );
};

/**
 * The printable activation letters just issued, one a page. Reached only from issuing: the
 * codes are in this page's memory, so a reload or a bookmark shows none.
 */
export const ActivationLettersPage = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const [letters] = useState(lettersHandedOver);
  useEffect(() => forgetLetters, []);
  const { identity, isPending } = useGetIdentity();
  const ready = Boolean(identity) && !isPending;
  useEffect(() => {
    // Once the letters are on the page (they need the organization's name and phone), print them.
    if (ready && takePrintRequest()) window.print();
  }, [ready]);
  if (isPending || !identity) return null;
  return (
    <Box component="main" className="letters-page" sx={{ bgcolor: 'grey.100', minHeight: '100vh', py: 3 }}>
      <style>{PRINT_STYLES}</style>
      <Stack direction="row" spacing={2} className="no-print" sx={{ maxWidth: '7in', mx: 'auto', mb: 3, alignItems: 'center' }}>
        <Typography variant="h6" component="h1" sx={{ flex: 1 }}>
          {translate('portal.letter.page_title')}
        </Typography>
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate(-1)}>
          {translate('portal.letter.back')}
        </Button>
        {letters.length ? (
          <Button variant="contained" startIcon={<PrintIcon />} onClick={() => window.print()} autoFocus>
            {translate('portal.letter.print', { smart_count: letters.length })}
          </Button>
        ) : null}
      </Stack>
      {letters.length ? (
        letters.map((letter) => <Letter key={letter.code} letter={letter} identity={identity as PortalIdentity} />)
      ) : (
        <Alert severity="info" className="no-print" sx={{ maxWidth: '7in', mx: 'auto' }}>
          {translate('portal.letter.none')}
        </Alert>
      )}
    </Box>
  );
};
