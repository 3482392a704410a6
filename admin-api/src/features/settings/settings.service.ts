import type { Knex } from '@portaldesk/db';
import type { z } from 'zod';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { badRequest, conflict, notFound } from '../../lib/errors.ts';
import type { Settings, SettingsStore } from '../../lib/settings.ts';
import { fieldErrorsOf } from '../../lib/validation.ts';
import { SETTING_VALUES, type settingFilter } from './settings.schema.ts';

export interface SettingRow {
  id: string;
  value: unknown;
  description: string;
  updated_at: Date;
  updated_by_username: string | null;
  version: number;
}

function settingsQuery(knex: Knex | Knex.Transaction) {
  return knex('settings as s')
    .leftJoin('staff_users as u', 'u.id', 's.updated_by')
    .select('s.key as id', 's.value', 's.description', 's.updated_at', 'u.username as updated_by_username', 's.version');
}

export async function listSettings(knex: Knex, filter: z.output<typeof settingFilter>): Promise<SettingRow[]> {
  const query = settingsQuery(knex).orderBy('s.key');
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((q) => q.whereRaw('lower(s.key) LIKE ?', [pattern]).orWhereRaw('lower(s.description) LIKE ?', [pattern]));
  }
  if (filter.id) query.whereIn('s.key', filter.id);
  return query;
}

export async function findSetting(knex: Knex | Knex.Transaction, key: string): Promise<SettingRow | undefined> {
  return settingsQuery(knex).where('s.key', key).first();
}

/** Settings that must stay in order with another: [the lower, the higher, why]. */
const ORDERED_PAIRS: [keyof Settings, keyof Settings, string][] = [
  ['sign_in.slowdown_after_failures', 'sign_in.max_failures', 'Slowing down must start before the block does.'],
  ['business_day.opens', 'business_day.closes', 'The business day must open before it closes.'],
];

/**
 * Changes one setting. The value is checked against that setting's own rule; the save names
 * the version it read, so two admins never silently overwrite each other.
 */
export async function updateSetting(
  deps: { knex: Knex; settings: SettingsStore; clock: Clock },
  actor: Actor,
  key: keyof Settings,
  input: { value: unknown; version: number },
): Promise<SettingRow> {
  const parsed = SETTING_VALUES[key].safeParse(input.value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is not valid';
    throw badRequest(`${key} ${message}.`, { value: message, ...fieldErrorsOf(parsed.error) });
  }
  const row = await deps.knex.transaction(async (trx) => {
    const current = await trx('settings').first('value', 'version').where({ key }).forUpdate();
    if (!current) throw notFound('Setting');
    if (current.version !== input.version) {
      throw conflict(`${key} was changed by someone else since you opened it. Reload to see the current value.`, 'stale_version');
    }
    const pair = ORDERED_PAIRS.find(([lower, higher]) => key === lower || key === higher);
    if (pair) {
      const [lowerKey, higherKey, message] = pair;
      const other = key === lowerKey ? higherKey : lowerKey;
      const { value: otherValue } = await trx('settings').first('value').where({ key: other });
      const [lower, higher] = key === lowerKey ? [parsed.data, otherValue] : [otherValue, parsed.data];
      // Numbers compare as numbers; HH:MM times compare as text, being zero-padded.
      if ((lower as number | string) >= (higher as number | string)) {
        throw badRequest(message, { value: `must keep ${lowerKey} (${lower}) before ${higherKey} (${higher})` });
      }
    }
    await trx('settings')
      .where({ key })
      .update({ value: JSON.stringify(parsed.data), updated_by: actor.staffUserId, updated_at: deps.clock(), version: current.version + 1 });
    await recordAudit(trx, actor, { action: 'edit', resource: 'settings', resourceId: key, details: { from: current.value, to: parsed.data } });
    return (await findSetting(trx, key))!;
  });
  deps.settings.invalidate();
  return row;
}
