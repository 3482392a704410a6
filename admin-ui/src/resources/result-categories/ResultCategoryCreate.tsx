import { Create, SimpleForm } from 'react-admin';
import type { ResultCategoryCreation } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { resultCategoryMessages } from './messages.ts';
import { categoryFields, ResultCategoryInputs, type CategoryFormValues } from './ResultCategoryInputs.tsx';

addMessages(resultCategoryMessages);

const EMPTY: CategoryFormValues = { code: '', name: '', proxy_category: '', hold_citation: null, hold_days: null };

const toCreationBody = (values: CategoryFormValues): ResultCategoryCreation => ({ code: values.code.trim(), ...categoryFields(values) });

/** Adds a category the lab feed files results under; a code already taken is refused on the field. */
export const ResultCategoryCreate = () => (
  <Create transform={toCreationBody} redirect="list">
    <SimpleForm defaultValues={EMPTY} noValidate>
      <ResultCategoryInputs />
    </SimpleForm>
  </Create>
);
