import { Create, regex, required, SimpleForm, TextInput, useGetOne, useNotify, useRedirect } from 'react-admin';
import type { ProxyAgeTier, ProxyAgeTierCreation } from '@portaldesk/admin-api/contract';
import { ProxyAgeTierInputs, type TierFormValues } from './ProxyAgeTierInputs.tsx';

const toCreateBody = ({ state, teenFromAge, adultAtAge, hiddenCategories }: TierFormValues): ProxyAgeTierCreation => ({
  // Typed as the USPS codes; what was typed is checked against them by the API (a 400 naming state).
  state: (state ?? '').trim().toUpperCase() as ProxyAgeTierCreation['state'],
  teenFromAge,
  adultAtAge,
  hiddenCategories,
});

// The API checks the code against the USPS list; the shape is checked here, before sending.
const validateState = [required(), regex(/^\s*[A-Za-z]{2}\s*$/, 'portal.age_tiers.state_rule')];

/** Gives a state rules of its own, starting from the default rules. */
export const ProxyAgeTierCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const { data: fallback, isPending } = useGetOne<ProxyAgeTier>('proxy-age-tiers', { id: 'default' });
  const created = (tier: ProxyAgeTier) => {
    notify('portal.age_tiers.created', { type: 'success', messageArgs: { id: tier.id } });
    redirect('list', 'proxy-age-tiers');
  };
  if (isPending) return null;
  const defaults: TierFormValues = {
    state: '',
    teenFromAge: fallback?.teen_from_age ?? 13,
    adultAtAge: fallback?.adult_at_age ?? 18,
    hiddenCategories: fallback?.hidden_categories ?? [],
  };
  return (
    <Create transform={toCreateBody} mutationOptions={{ onSuccess: created }}>
      <SimpleForm defaultValues={defaults} noValidate>
        <TextInput source="state" validate={validateState} helperText="portal.age_tiers.state_help" autoComplete="off" sx={{ width: 360 }} />
        <ProxyAgeTierInputs />
      </SimpleForm>
    </Create>
  );
};
