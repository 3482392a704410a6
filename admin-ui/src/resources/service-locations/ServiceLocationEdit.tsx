import { useState } from 'react';
import Alert from '@mui/material/Alert';
import {
  Edit,
  HttpError,
  SaveButton,
  SimpleForm,
  Toolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
  useUpdate,
} from 'react-admin';
import type { ServiceLocation } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { ServiceLocationInputs } from './ServiceLocationInputs.tsx';
import { ServiceLocationStaleDialog, type StaleLocationSave } from './ServiceLocationStaleDialog.tsx';
import { formValuesOf, RESOURCE, toUpdateBody, type ServiceLocationFormValues } from './serviceLocationForm.ts';
import { addMessages } from '../../i18n.ts';
import { serviceLocationMessages } from './messages.ts';

addMessages(serviceLocationMessages);

const Title = () => {
  const record = useRecordContext<ServiceLocation>();
  return <>{record?.name ?? ''}</>;
};

/** Save stays available once the admin chose to keep their changes after a refusal, except while saving. */
const LocationToolbar = ({ alwaysEnable }: { alwaysEnable: boolean }) => (
  <Toolbar>
    <SaveButton alwaysEnable={alwaysEnable || undefined} />
  </Toolbar>
);

/**
 * The form of one location from the version `record`. Sends the API's body ({ name, billingPhone,
 * acceptsOnlinePayments, version }) with the version read. When someone else saved in between
 * (409 stale_version), nothing typed is lost: the location as it is now is read again and shown
 * beside what was typed; the admin keeps their changes (the next save is made from the version
 * now on record) or takes theirs.
 */
const LocationForm = ({ record }: { record: ServiceLocation }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const timeZone = useOrganizationTimeZone();
  const dataProvider = useDataProvider();
  const [update] = useUpdate<ServiceLocation>();
  const [read, setRead] = useState(record);
  const [formRecord, setFormRecord] = useState<ServiceLocationFormValues>(() => formValuesOf(record));
  const [stale, setStale] = useState<StaleLocationSave | null>(null);
  const [kept, setKept] = useState<ServiceLocation | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (typed: ServiceLocationFormValues) => {
    try {
      await update(
        RESOURCE,
        { id: read.id, data: toUpdateBody(typed, read.version), previousData: read },
        { mutationMode: 'pessimistic', returnPromise: true },
      );
    } catch (error) {
      const answer = apiErrorBody(error);
      if (error instanceof HttpError && error.status === 409 && answer?.code === 'stale_version') {
        try {
          const { data: current } = await dataProvider.getOne<ServiceLocation>(RESOURCE, { id: read.id });
          setStale({ current, typed });
        } catch {
          notify('portal.service_locations.stale_reload_failed', { type: 'error' });
        }
        return undefined;
      }
      const message = error instanceof Error ? error.message : translate('ra.notification.http_error');
      notify(message, { type: 'error', messageArgs: { _: message } });
      return answer?.errors;
    }
    notify('resources.service-locations.notifications.updated', { type: 'success' });
    redirect('list', RESOURCE);
    return undefined;
  };

  const submit = async (values: Record<string, unknown>) => {
    setSaving(true);
    try {
      return await save(values as unknown as ServiceLocationFormValues);
    } finally {
      setSaving(false);
    }
  };

  const keepMine = () => {
    if (!stale) return;
    // The form keeps what was typed; only the version it saves from moves on.
    setRead(stale.current);
    setKept(stale.current);
    setStale(null);
  };

  const takeTheirs = () => {
    if (!stale) return;
    setRead(stale.current);
    setFormRecord(formValuesOf(stale.current));
    setKept(null);
    setStale(null);
  };

  return (
    <>
      <SimpleForm record={formRecord} onSubmit={submit} toolbar={<LocationToolbar alwaysEnable={kept !== null && !saving} />}>
        {kept ? (
          <Alert severity="warning" sx={{ width: '100%', mb: 2 }}>
            {translate('portal.service_locations.stale_kept', { when: formatDateTime(kept.updated_at, timeZone) })}
          </Alert>
        ) : null}
        <ServiceLocationInputs />
      </SimpleForm>
      {stale ? <ServiceLocationStaleDialog stale={stale} onKeepMine={keepMine} onUseTheirs={takeTheirs} /> : null}
    </>
  );
};

const LocationLoaded = () => {
  const record = useRecordContext<ServiceLocation>();
  // Started once per location: a later refetch of the record never overwrites what is being typed.
  return record ? <LocationForm key={record.id} record={record} /> : null;
};

/** Changes a location's name, billing phone or online payments; its accounts' Pay Now answer follows at once. */
export const ServiceLocationEdit = () => (
  <Edit title={<Title />} actions={false} mutationMode="pessimistic">
    <LocationLoaded />
  </Edit>
);
