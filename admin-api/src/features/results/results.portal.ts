import { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { todayIn, type Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { wire } from '../../lib/validation.ts';
import { accessNow } from '../proxy-relationships/proxy-access.ts';
import { openRelationshipsOfProxy } from '../proxy-relationships/proxy-relationships.repo.ts';
import { ABNORMAL_FLAGS } from './results.schema.ts';

export const portalResultsQuery = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  patientMrn: z.string({ error: 'is required' }).trim().min(1, 'is required').max(40, 'is too long: at most 40 characters'),
});

export const portalResult = z.strictObject({
  accessionNumber: z.string(),
  loincCode: z.string(),
  testName: z.string(),
  value: z.string(),
  unit: z.string().nullable(),
  referenceRange: z.string().nullable(),
  abnormalFlag: z.enum(ABNORMAL_FLAGS).nullable(),
  category: z.string(),
  performedAt: wire.instant,
  resultedAt: wire.instant,
  releasedAt: wire.instant,
  corrected: z.boolean().meta({ description: 'The lab corrected the result after it was first sent; the value is the corrected one' }),
  correctedAt: wire.instant.nullable(),
});

export const portalResults = z.strictObject({
  patientMrn: z.string(),
  as: z.enum(['patient', 'proxy']),
  results: z.array(portalResult),
  hiddenCategories: z.array(z.string()).meta({ description: 'Record categories left out for this proxy (by the age tier, a limited access, or the patient)' }),
});

/** The one answer for every patient the user may not see, whatever the reason (unknown user, unknown MRN, no relationship, access ended). */
export const NO_ACCESS = { status: 403, code: 'no_access', message: 'This user may not see results of this patient.' } as const;

interface PortalResultDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

/**
 * The results a portal user may see for a patient now: their own, or a patient's they are a
 * proxy of under the tier rules as they stand today. Released results only (never one under a
 * hold), a proxy's hidden categories left out (all results when "test results" is hidden).
 * Audited as a read of the patient by the portal.
 */
export async function resultsForPortal(deps: PortalResultDeps, actor: Actor, query: z.output<typeof portalResultsQuery>) {
  const account: { id: number; status: string; patient_id: number; mrn: string } | undefined = await deps
    .knex('portal_accounts as a')
    .join('patients as p', 'p.id', 'a.patient_id')
    .first('a.id', 'a.status', 'a.patient_id', 'p.mrn')
    .where('a.username', query.username);
  const refuse = async () => {
    // Filed under the patient the MRN names, if any: their ledger shows who tried to look.
    const named: { id: number } | undefined = await deps.knex('patients').first('id').where({ mrn: query.patientMrn });
    await recordAudit(deps.knex, actor, {
      action: 'portal-read',
      resource: 'results',
      outcome: 'denied',
      patientId: named?.id ?? null,
      details: { known: Boolean(account) },
    });
    return new AppError(NO_ACCESS.status, NO_ACCESS.code, NO_ACCESS.message);
  };
  if (!account || account.status !== 'active') throw await refuse();
  let patientId: number;
  let hidden: string[] = [];
  if (account.mrn === query.patientMrn) {
    patientId = account.patient_id;
  } else {
    const today = todayIn(await deps.settings.get('organization.time_zone'), deps.clock());
    const relationship = (await openRelationshipsOfProxy(deps.knex, account.id)).find((row) => row.patient_mrn === query.patientMrn);
    const access = relationship && accessNow(relationship, today);
    if (!relationship || !access?.visible) throw await refuse();
    patientId = relationship.patient_id;
    hidden = access.hidden.map((entry) => entry.category);
  }
  const everything = hidden.includes('test_results');
  const rows = everything
    ? []
    : await deps
        .knex('results as r')
        .join('result_categories as c', 'c.code', 'r.category')
        .where('r.patient_id', patientId)
        .whereNotNull('r.released_at')
        .where((query) => {
          query.whereNull('c.proxy_category');
          if (hidden.length) query.orWhereNotIn('c.proxy_category', hidden);
          else query.orWhereNotNull('c.proxy_category');
        })
        .orderBy('r.resulted_at', 'desc')
        .orderBy('r.id', 'desc')
        .select(
          'r.accession_number',
          'r.loinc_code',
          'r.test_name',
          'r.value',
          'r.unit',
          'r.reference_range',
          'r.abnormal_flag',
          'c.name as category',
          'r.performed_at',
          'r.resulted_at',
          'r.released_at',
          // Corrected as the patient could know it: a value they may have seen was changed.
          deps.knex.raw('(SELECT max(x.corrected_at) FROM result_corrections x WHERE x.result_id = r.id AND x.was_released) AS corrected_at'),
        );
  await recordAudit(deps.knex, actor, {
    action: 'portal-read',
    resource: 'results',
    patientId,
    details: { as: patientId === account.patient_id ? 'patient' : 'proxy', results: rows.length, hidden },
  });
  return {
    patientMrn: query.patientMrn,
    as: patientId === account.patient_id ? ('patient' as const) : ('proxy' as const),
    hiddenCategories: hidden,
    results: rows.map((row) => ({
      accessionNumber: row.accession_number,
      loincCode: row.loinc_code,
      testName: row.test_name,
      value: row.value,
      unit: row.unit,
      referenceRange: row.reference_range,
      abnormalFlag: row.abnormal_flag,
      category: row.category,
      performedAt: row.performed_at.toISOString(),
      resultedAt: row.resulted_at.toISOString(),
      releasedAt: row.released_at.toISOString(),
      corrected: row.corrected_at !== null,
      correctedAt: row.corrected_at?.toISOString() ?? null,
    })),
  };
}
