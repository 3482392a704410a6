import type { FocusEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { PasswordLink } from '../../providers/dataProvider.ts';

const selectAll = (event: FocusEvent<HTMLInputElement>) => event.target.select();

/**
 * Shows a one-time password link. The API answers it once and stores only its hash, so this
 * dialog is the only chance to copy it; it closes only through "Done".
 */
export const OneTimeLinkDialog = ({
  title,
  intro,
  person,
  link,
  onClose,
}: {
  title: string;
  intro: string;
  person: string;
  link: PasswordLink;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Dialog open aria-labelledby="one-time-link-title" maxWidth="sm" fullWidth>
      <DialogTitle id="one-time-link-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>{intro}</DialogContentText>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <TextField
              label={translate('portal.one_time_link.label')}
              value={link.url}
              fullWidth
              onFocus={selectAll}
              slotProps={{ htmlInput: { readOnly: true } }}
            />
            <CopyButton text={link.url} label="portal.one_time_link.copy" />
          </Stack>
          <DialogContentText>{translate('portal.one_time_link.expires', { time: formatDateTime(link.expires_at, timeZone) })}</DialogContentText>
          <Alert severity="warning">{translate('portal.one_time_link.once', { name: person })}</Alert>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('portal.one_time_link.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
