import type { TranslateFunction } from 'react-admin';
import type { ProxyAgeTier } from '@portaldesk/admin-api/contract';

/** "Default (every state without rules of its own)", or the state's code. */
export const tierName = (translate: TranslateFunction, tier: Pick<ProxyAgeTier, 'id'>) =>
  tier.id === 'default' ? translate('portal.age_tiers.default') : tier.id;

/** "Mental health, Substance use", or "Nothing hidden". */
export const hiddenInWords = (translate: TranslateFunction, categories: readonly string[]) =>
  categories.length
    ? categories.map((category) => translate(`portal.proxies.category.${category}`, { _: category })).join(', ')
    : translate('portal.age_tiers.none_hidden');
