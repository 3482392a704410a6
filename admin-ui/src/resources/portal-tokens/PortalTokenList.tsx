import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import AddIcon from '@mui/icons-material/Add';
import KeyIcon from '@mui/icons-material/Key';
import { Button, CanAccess, Confirm, DataTable, List, TopToolbar, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { PortalToken as TokenRecord } from '@portaldesk/admin-api/contract';
import { CopyButton } from '../../components/CopyButton.tsx';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';

/** Creates a named token and shows it once: only its hash is kept. */
const CreateTokenButton = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);

  const close = () => {
    setOpen(false);
    setName('');
    setError(null);
    setToken(null);
    refresh();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { data } = await dataProvider.create('portal-tokens', { data: { name: name.trim() } });
      setToken((data as { token: string }).token);
    } catch (caught) {
      setError(apiErrorBody(caught)?.message ?? translate('ra.notification.http_error'));
    }
  };

  return (
    <>
      <Button label="portal.tokens.create" onClick={() => setOpen(true)} startIcon={<AddIcon />} />
      <Dialog open={open} aria-labelledby="create-token-title" maxWidth="sm" fullWidth>
        <form onSubmit={submit}>
          <DialogTitle id="create-token-title">{translate('portal.tokens.create_title')}</DialogTitle>
          <DialogContent>
            {token ? (
              <>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mt: 1 }}>
                  <TextField
                    label={translate('portal.tokens.token')}
                    value={token}
                    fullWidth
                    slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'portal-token' } }}
                    onFocus={(event) => event.target.select()}
                  />
                  <CopyButton text={token} label="portal.tokens.copy" />
                </Stack>
                <Alert severity="warning" sx={{ mt: 2 }}>
                  {translate('portal.tokens.once')}
                </Alert>
              </>
            ) : (
              <TextField
                label={translate('portal.tokens.name')}
                helperText={error ?? translate('portal.tokens.name_help')}
                error={error !== null}
                value={name}
                onChange={(event) => setName(event.target.value)}
                fullWidth
                autoFocus
                required
                sx={{ mt: 1 }}
              />
            )}
          </DialogContent>
          <DialogActions>
            {token ? (
              <MuiButton variant="contained" onClick={close}>
                {translate('portal.account.done')}
              </MuiButton>
            ) : (
              <>
                <MuiButton onClick={close}>{translate('ra.action.cancel')}</MuiButton>
                <MuiButton type="submit" variant="contained" disabled={!name.trim()}>
                  {translate('portal.tokens.create')}
                </MuiButton>
              </>
            )}
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};

const RevokeButton = () => {
  const record = useRecordContext<TokenRecord>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  if (!record || record.revoked_at) return null;
  const revoke = async () => {
    setOpen(false);
    try {
      await dataProvider.revokePortalToken({ id: record.id });
      notify('portal.tokens.revoked', { type: 'success', messageArgs: { name: record.name } });
      refresh();
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    }
  };
  return (
    <>
      <Button label="portal.tokens.revoke" color="error" onClick={() => setOpen(true)} />
      <Confirm
        isOpen={open}
        title="portal.tokens.revoke_title"
        content="portal.tokens.revoke_content"
        translateOptions={{ name: record.name }}
        onConfirm={revoke}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

const Status = () => {
  const record = useRecordContext<TokenRecord>();
  const translate = useTranslate();
  return <>{translate(record?.revoked_at ? 'portal.tokens.status_revoked' : 'portal.tokens.status_live')}</>;
};

/** The portal's integration tokens: who made them, when last used, and revocation. */
export const PortalTokenList = () => {
  const translate = useTranslate();
  return (
    <List
      exporter={false}
      pagination={false}
      actions={
        <TopToolbar>
          <CanAccess action="create" resource="portal-tokens">
            <CreateTokenButton />
          </CanAccess>
        </TopToolbar>
      }
      empty={false}
    >
      <DataTable bulkActionButtons={false} rowClick={false} empty={<EmptyState icon={<KeyIcon />} title={translate('portal.tokens.empty')} />}>
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="created_at" field={DateTimeField} disableSort />
        <DataTable.Col source="created_by_username" disableSort />
        <DataTable.Col source="last_used_at" disableSort>
          <DateTimeField source="last_used_at" emptyText="portal.tokens.never_used" />
        </DataTable.Col>
        <DataTable.Col source="revoked_at" label="portal.tokens.status" disableSort>
          <Status />
        </DataTable.Col>
        <DataTable.Col label="portal.list.actions" disableSort>
          <CanAccess action="revoke" resource="portal-tokens">
            <RevokeButton />
          </CanAccess>
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
