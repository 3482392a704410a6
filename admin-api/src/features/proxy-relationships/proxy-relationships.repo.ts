import type { Knex } from '@portaldesk/db';
import type { AgeTier, RelationshipFacts } from './proxy-access.ts';

type Db = Knex | Knex.Transaction;

/** A relationship with both people and everything `accessNow` needs. */
export interface RelationshipRow extends RelationshipFacts {
  id: number;
  patient_id: number;
  patient_family_name: string;
  patient_given_name: string;
  patient_mrn: string;
  proxy_account_id: number;
  proxy_username: string;
  proxy_account_status: string;
  proxy_patient_id: number;
  proxy_family_name: string;
  proxy_given_name: string;
  proxy_email: string | null;
  created_at: Date;
  ended_at: Date | null;
  end_cause: string | null;
  end_reason: string | null;
  version: number;
}

/**
 * Relationships with the patient's age tier (their state's row, else the default) and the
 * patient's restriction for this proxy, if any.
 */
export function relationshipQuery(knex: Db) {
  return knex('proxy_relationships as r')
    .join('patients as p', 'p.id', 'r.patient_id')
    .join('portal_accounts as pa', 'pa.id', 'r.proxy_account_id')
    .join('patients as pp', 'pp.id', 'pa.patient_id')
    .joinRaw(
      `JOIN LATERAL (SELECT t.* FROM proxy_age_tiers t WHERE t.state = p.state OR t.state = 'default'
         ORDER BY (t.state = 'default') LIMIT 1) tier ON true`,
    )
    .leftJoin('proxy_restrictions as x', function restrictionOf() {
      this.on('x.patient_id', 'r.patient_id').andOn('x.proxy_account_id', 'r.proxy_account_id');
    })
    .select(
      'r.id',
      'r.relationship',
      'r.kind',
      'r.access_level',
      'r.starts_on',
      'r.ends_on',
      'r.created_at',
      'r.ended_at',
      'r.end_cause',
      'r.end_reason',
      'r.version',
      'r.patient_id',
      'p.family_name as patient_family_name',
      'p.given_name as patient_given_name',
      'p.mrn as patient_mrn',
      'p.date_of_birth as patient_date_of_birth',
      knex.raw('p.deceased_date IS NOT NULL AS patient_deceased'),
      'r.proxy_account_id',
      'pa.username as proxy_username',
      'pa.status as proxy_account_status',
      'pa.patient_id as proxy_patient_id',
      'pp.family_name as proxy_family_name',
      'pp.given_name as proxy_given_name',
      'pp.email as proxy_email',
      knex.raw(
        `json_build_object('state', tier.state, 'teen_from_age', tier.teen_from_age, 'adult_at_age', tier.adult_at_age,
           'teen_hidden_categories', tier.teen_hidden_categories) AS tier`,
      ),
      knex.raw(
        `CASE WHEN x.patient_id IS NULL THEN NULL
              ELSE json_build_object('hides_all', x.hides_all, 'hidden_categories', x.hidden_categories) END AS restriction`,
      ),
    );
}

export async function findRelationship(knex: Db, id: number, { lock = false } = {}): Promise<RelationshipRow | undefined> {
  if (lock) await knex('proxy_relationships').where({ id }).forUpdate().first('id');
  return relationshipQuery(knex).where('r.id', id).first();
}

/** Every relationship the patient is part of, as the patient or as the proxy: open ones first, then the newest. */
export async function relationshipsOfPatient(knex: Db, patientId: number): Promise<RelationshipRow[]> {
  return relationshipQuery(knex)
    .where((inner) => inner.where('r.patient_id', patientId).orWhere('pa.patient_id', patientId))
    .orderByRaw('r.ended_at IS NOT NULL')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc');
}

/** The relationships not ended of a proxy account, for what it may see now. */
export async function openRelationshipsOfProxy(knex: Db, proxyAccountId: number): Promise<RelationshipRow[]> {
  return relationshipQuery(knex).where('r.proxy_account_id', proxyAccountId).whereNull('r.ended_at').orderBy('p.family_name').orderBy('p.given_name');
}

/** The relationships not ended whose patient is `patientId`. */
export async function openRelationshipsOfPatient(knex: Db, patientId: number): Promise<RelationshipRow[]> {
  return relationshipQuery(knex).where('r.patient_id', patientId).whereNull('r.ended_at').orderBy('r.created_at');
}

export async function ageTierOf(knex: Db, state: string | null): Promise<AgeTier> {
  return knex('proxy_age_tiers')
    .first('state', 'teen_from_age', 'adult_at_age', 'teen_hidden_categories')
    .where('state', state ?? 'default')
    .orWhere('state', 'default')
    .orderByRaw("(state = 'default')");
}
