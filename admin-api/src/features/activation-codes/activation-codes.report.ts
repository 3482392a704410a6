import type { Knex } from '@portaldesk/db';
import { toCsv } from '../../lib/csv.ts';

export interface WeeklyActivationRow {
  /** Monday of the week the codes were issued, in the organization's time zone. */
  week: string;
  /** The desk location; null when the code's location was not recorded. */
  location_id: number | null;
  /** That location's name today (retired ones too), '' when not recorded. */
  location: string;
  issued: number;
  redeemed: number;
  expired: number;
  /** Redeemed of issued, 0 to 1; null when nothing was issued. */
  redemption_rate: number | null;
}

/**
 * Codes issued per week and desk location for the last `weeks` weeks, followed as a cohort: how
 * many of them were redeemed, and how many expired unused. Grouped by the location's id, so a
 * renamed desk stays one row, named as it is called today. No patient appears, only counts.
 */
export async function weeklyActivationReport(knex: Knex, timeZone: string, now: Date, weeks: number): Promise<WeeklyActivationRow[]> {
  const { rows } = await knex.raw<{ rows: Omit<WeeklyActivationRow, 'redemption_rate'>[] }>(
    `SELECT counted.week, counted.location_id, coalesce(l.name, '') AS location, counted.issued, counted.redeemed, counted.expired
       FROM (SELECT to_char(date_trunc('week', c.issued_at AT TIME ZONE ?), 'YYYY-MM-DD') AS week,
                    c.location_id,
                    count(*)::int AS issued,
                    count(c.redeemed_at)::int AS redeemed,
                    count(*) FILTER (WHERE c.redeemed_at IS NULL AND c.revoked_at IS NULL AND c.expires_at <= ?)::int AS expired
               FROM activation_codes c
              WHERE c.issued_at >= (date_trunc('week', CAST(? AS timestamptz) AT TIME ZONE ?) - make_interval(weeks => ?)) AT TIME ZONE ?
              GROUP BY 1, 2) AS counted
       LEFT JOIN desk_locations l ON l.id = counted.location_id
      ORDER BY counted.week, desk_location_name_key(l.name) NULLS FIRST, counted.location_id`,
    [timeZone, now, now, timeZone, weeks - 1, timeZone],
  );
  return rows.map((row) => ({ ...row, redemption_rate: row.issued ? row.redeemed / row.issued : null }));
}

/** The weekly report as a CSV file for a spreadsheet: one line per week and location. */
export function weeklyReportCsv(rows: WeeklyActivationRow[]): string {
  return toCsv(
    ['week_starting', 'location', 'issued', 'redeemed', 'expired_unused', 'redemption_rate_percent'],
    rows.map((row) => [
      row.week,
      row.location,
      row.issued,
      row.redeemed,
      row.expired,
      row.redemption_rate === null ? null : (row.redemption_rate * 100).toFixed(1),
    ]),
  );
}
