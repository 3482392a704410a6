import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { languageList } from './field-values.ts';
import { languageName } from './value-sets.ts';

export const supportedLanguage = z.strictObject({
  id: z.string().meta({ description: 'A canonical BCP 47 tag, e.g. ht' }),
  name: z.string().meta({ description: 'Its English name, e.g. Haitian Creole' }),
});

/** The languages a preferred language may be, from the setting only administrators may read or change. */
export function demographicsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/supported-languages',
      operationId: 'listSupportedLanguages',
      tag: 'supported-languages',
      summary: 'The languages the hospital supports (setting demographics.supported_languages), by name, for the preferred-language choice',
      permission: 'signed-in',
      response: z.array(supportedLanguage),
      async handler({ res }) {
        const tags = languageList(await deps.settings.get('demographics.supported_languages'));
        res.json(tags.map((tag) => ({ id: tag, name: languageName(tag) })));
      },
    }),
  ];
}
