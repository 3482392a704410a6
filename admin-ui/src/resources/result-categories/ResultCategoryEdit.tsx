import { Edit, SimpleForm, useRecordContext, useTranslate } from 'react-admin';
import type { ResultCategory, ResultCategoryChange } from '@portaldesk/admin-api/contract';
import { KEEP_TYPED_ON_RELOAD, SaveConflictNotice, useSaveConflict } from '../../components/SaveConflict.tsx';
import { addMessages } from '../../i18n.ts';
import { resultCategoryMessages } from './messages.ts';
import { categoryFields, ResultCategoryInputs, type CategoryFormValues } from './ResultCategoryInputs.tsx';

addMessages(resultCategoryMessages);

/** Only what the API's PUT reads (the code is the URL's), with the version that was read (409 if someone saved since). */
const toChangeBody = (values: CategoryFormValues): ResultCategoryChange => ({ ...categoryFields(values), version: values.version! });

const Title = () => {
  const record = useRecordContext<ResultCategory>();
  const translate = useTranslate();
  return <>{record ? translate('portal.result_categories.title', { name: record.name }) : ''}</>;
};

/**
 * Renames a category, changes what proxies are kept from and its state-law rule. A save over
 * someone else's newer change is refused (409): the server's words show above the form, which
 * keeps what was typed until a Reload brings their version in.
 */
export const ResultCategoryEdit = () => {
  const { conflict, onSaveError, reload } = useSaveConflict();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" transform={toChangeBody} mutationOptions={{ onError: onSaveError }} redirect="list">
      <SimpleForm noValidate resetOptions={KEEP_TYPED_ON_RELOAD}>
        {conflict ? <SaveConflictNotice message={conflict} onReload={reload} messages="portal.result_categories" maxWidth={640} /> : null}
        <ResultCategoryInputs editing />
      </SimpleForm>
    </Edit>
  );
};
