import { useState } from 'react';
import Alert from '@mui/material/Alert';
import ArchiveIcon from '@mui/icons-material/Archive';
import UnarchiveIcon from '@mui/icons-material/Unarchive';
import { Button, Confirm, Edit, SaveButton, SimpleForm, Toolbar, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { RenameDeskLocationRequest } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { DeskLocation, PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { DeskLocationInputs } from './DeskLocationInputs.tsx';

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
const toRenameBody = ({ name, version }: DeskLocation): RenameDeskLocationRequest => ({ name, version });

/** Retires the location (asking first) or restores a retired one. */
const RetireButton = () => {
  const record = useRecordContext<DeskLocation>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const retire = record.retired_at === null;
  const change = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      await dataProvider.retireDeskLocation({ id: record.id, retire });
      notify(retire ? 'portal.desk_locations.retired' : 'portal.desk_locations.restored', { type: 'success', messageArgs: { name: record.name } });
      refresh();
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        label={retire ? 'portal.desk_locations.retire' : 'portal.desk_locations.restore'}
        color={retire ? 'warning' : 'primary'}
        disabled={busy}
        onClick={() => (retire ? setConfirming(true) : change())}
      >
        {retire ? <ArchiveIcon /> : <UnarchiveIcon />}
      </Button>
      <Confirm
        isOpen={confirming}
        title="portal.desk_locations.retire_title"
        content="portal.desk_locations.retire_content"
        translateOptions={{ name: record.name }}
        onConfirm={change}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};

const DeskLocationToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <RetireButton />
  </Toolbar>
);

/** Says that a retired location is still in the reports, just not offered for new codes. */
const RetiredNotice = () => {
  const record = useRecordContext<DeskLocation>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record?.retired_at) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }}>
      {translate('portal.desk_locations.retired_notice', { date: formatDateTime(record.retired_at, timeZone) })}
    </Alert>
  );
};

/** Renames a location (earlier codes follow it in the report), retires or restores it; never deletes it. */
export const DeskLocationEdit = () => (
  <Edit mutationMode="pessimistic" transform={toRenameBody} redirect="list">
    <SimpleForm toolbar={<DeskLocationToolbar />}>
      <RetiredNotice />
      <DeskLocationInputs />
    </SimpleForm>
  </Edit>
);
