import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import MuiButton from '@mui/material/Button';
import RefreshIcon from '@mui/icons-material/Refresh';
import { Edit, HttpError, SimpleForm, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { ResultCategory, ResultCategoryChange } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { resultCategoryMessages } from './messages.ts';
import { categoryFields, ResultCategoryInputs, type CategoryFormValues } from './ResultCategoryInputs.tsx';

addMessages(resultCategoryMessages);

/** Only what the API's PUT reads (the code is the URL's), with the version that was read (409 if someone saved since). */
const toChangeBody = (values: CategoryFormValues): ResultCategoryChange => ({ ...categoryFields(values), version: values.version! });

// Reloading after a conflict brings the new version in and keeps what was typed.
const KEEP_TYPED = { keepDirtyValues: true };

const Title = () => {
  const record = useRecordContext<ResultCategory>();
  const translate = useTranslate();
  return <>{record ? translate('portal.result_categories.title', { name: record.name }) : ''}</>;
};

/** The server's words when someone saved first, above the form that keeps what was typed. */
const ConflictNotice = ({ message, onReload }: { message: string; onReload: () => void }) => {
  const translate = useTranslate();
  return (
    <Alert
      severity="error"
      role="alert"
      sx={{ mb: 2, maxWidth: 640 }}
      action={
        <MuiButton color="inherit" size="small" startIcon={<RefreshIcon />} onClick={onReload}>
          {translate('portal.result_categories.reload')}
        </MuiButton>
      }
    >
      <AlertTitle>{translate('portal.result_categories.conflict_title')}</AlertTitle>
      {message} {translate('portal.result_categories.conflict_help')}
    </Alert>
  );
};

/**
 * Renames a category, changes what proxies are kept from and its state-law rule. A save over
 * someone else's newer change is refused (409): the server's words show above the form, which
 * keeps what was typed until a Reload brings their version in.
 */
export const ResultCategoryEdit = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [conflict, setConflict] = useState<string | null>(null);
  const failed = (error: unknown) => {
    if (error instanceof HttpError && error.status === 409) {
      setConflict(error.message);
      return;
    }
    // Field errors show under their fields; anything else is a notice, as react-admin would give it.
    if (error instanceof HttpError && error.body?.errors) return;
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };
  const reload = () => {
    setConflict(null);
    refresh();
  };
  return (
    <Edit title={<Title />} mutationMode="pessimistic" transform={toChangeBody} mutationOptions={{ onError: failed }} redirect="list">
      <SimpleForm noValidate resetOptions={KEEP_TYPED}>
        {conflict ? <ConflictNotice message={conflict} onReload={reload} /> : null}
        <ResultCategoryInputs editing />
      </SimpleForm>
    </Edit>
  );
};
