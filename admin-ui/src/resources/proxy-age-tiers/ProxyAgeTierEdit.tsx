import Alert from '@mui/material/Alert';
import { DeleteWithConfirmButton, Edit, SaveButton, SimpleForm, Toolbar, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import type { ProxyAgeTier, ProxyAgeTierChange } from '@portaldesk/admin-api/contract';
import { tierName } from './ageTierWords.ts';
import { ProxyAgeTierInputs, type TierFormValues } from './ProxyAgeTierInputs.tsx';

/** The record as the form edits it: the API's body names. */
const formOf = (tier: ProxyAgeTier): TierFormValues => ({
  id: tier.id,
  teenFromAge: tier.teen_from_age,
  adultAtAge: tier.adult_at_age,
  hiddenCategories: tier.hidden_categories,
  version: tier.version,
});

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
const toUpdateBody = ({ teenFromAge, adultAtAge, hiddenCategories, version }: TierFormValues): ProxyAgeTierChange => ({
  teenFromAge,
  adultAtAge,
  hiddenCategories,
  version: version!,
});

const TierTitle = () => {
  const record = useRecordContext<ProxyAgeTier>();
  const translate = useTranslate();
  return <>{record ? translate('portal.age_tiers.title', { name: tierName(translate, record) }) : ''}</>;
};

/** A state's rules can be removed (its patients follow the default again); the default stays. */
const TierToolbar = ({ isDefault, state }: { isDefault: boolean; state: string }) => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    {isDefault ? null : (
      <DeleteWithConfirmButton
        mutationMode="pessimistic"
        label="portal.age_tiers.delete"
        confirmTitle="portal.age_tiers.delete_title"
        confirmContent="portal.age_tiers.delete_content"
        translateOptions={{ id: state }}
      />
    )}
  </Toolbar>
);

const TierForm = () => {
  const record = useRecordContext<ProxyAgeTier>();
  const translate = useTranslate();
  if (!record) return null;
  const isDefault = record.id === 'default';
  return (
    <SimpleForm record={formOf(record)} noValidate toolbar={<TierToolbar isDefault={isDefault} state={record.id} />}>
      {isDefault ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('portal.age_tiers.default_stays')}
        </Alert>
      ) : null}
      <ProxyAgeTierInputs />
    </SimpleForm>
  );
};

/**
 * Changes one set of age rules. A save over someone else's newer change is refused (409) with the
 * server's words, and the form keeps what was typed.
 */
export const ProxyAgeTierEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const saved = () => {
    notify('portal.age_tiers.saved', { type: 'success' });
    redirect('list', 'proxy-age-tiers');
  };
  return (
    <Edit title={<TierTitle />} mutationMode="pessimistic" transform={toUpdateBody} mutationOptions={{ onSuccess: saved }}>
      <TierForm />
    </Edit>
  );
};
