import type { Knex } from '@portaldesk/db';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { ageOn, todayIn, type Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound, type FieldErrors } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { sentencesOf } from '../../lib/validation.ts';
import { enqueueMessage } from '../../outbox/outbox.ts';
import { accessNow, birthday, explainAccess, stageOf, type AccessNow, type RecordCategory } from './proxy-access.ts';
import {
  findRelationship,
  openRelationshipsOfPatient,
  openRelationshipsOfProxy,
  relationshipQuery,
  relationshipsOfPatient,
  type RelationshipRow,
} from './proxy-relationships.repo.ts';

export interface ProxyRelationshipDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  jobs: JobQueue;
}

const unprocessable = (code: string, errors: FieldErrors) => new AppError(422, code, sentencesOf(errors), errors);
const nameOf = (family: string, given: string) => `${family}, ${given}`;

async function today(deps: ProxyRelationshipDeps): Promise<string> {
  return todayIn(await deps.settings.get('organization.time_zone'), deps.clock());
}

/** Open and seeing, open but seeing nothing today (not started, past its end, come of age), or ended. */
function statusOf(row: RelationshipRow, access: AccessNow): 'live' | 'not_visible' | 'ended' {
  if (row.ended_at) return 'ended';
  return access.visible ? 'live' : 'not_visible';
}

/** A relationship as the patient's Proxies panel lists it, seen from `patientId`'s side. */
function asRecord(row: RelationshipRow, day: string, patientId: number) {
  const access = accessNow(row, day);
  return {
    id: row.id,
    side: row.patient_id === patientId ? ('patient' as const) : ('proxy' as const),
    patient_id: row.patient_id,
    patient_name: nameOf(row.patient_family_name, row.patient_given_name),
    patient_mrn: row.patient_mrn,
    proxy_patient_id: row.proxy_patient_id,
    proxy_name: nameOf(row.proxy_family_name, row.proxy_given_name),
    proxy_username: row.proxy_username,
    relationship: row.relationship,
    kind: row.kind,
    access_level: row.access_level,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    since: row.created_at,
    until: access.visible ? access.until : null,
    status: statusOf(row, access),
    sees: row.ended_at
      ? `Ended ${row.end_cause === 'revoked' ? `by staff: ${row.end_reason}` : `(${row.end_cause?.replace(/_/g, ' ')})`}.`
      : explainAccess(row, access, day),
    hidden: access.visible ? access.hidden : [],
    ended_at: row.ended_at,
    end_cause: row.end_cause,
    end_reason: row.end_reason,
    version: row.version,
  };
}

/** The Proxies panel: who has access to the patient and whom the patient has access to; audited as a read of the patient. */
export async function browseRelationshipsOfPatient(deps: ProxyRelationshipDeps, actor: Actor, patientId: number) {
  const rows = await relationshipsOfPatient(deps.knex, patientId);
  const day = await today(deps);
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'proxy-relationships',
    patientId,
    listedPatientIds: [...new Set(rows.flatMap((row) => [row.patient_id, row.proxy_patient_id]))].filter((id) => id !== patientId),
  });
  return rows.map((row) => asRecord(row, day, patientId));
}

/** Ends a relationship with staff's reason (ROI); the version read must be current. */
export async function revokeRelationship(deps: ProxyRelationshipDeps, actor: Actor, id: number, { reason, version }: { reason: string; version: number }) {
  const now = deps.clock();
  const revoked = await deps.knex.transaction(async (trx) => {
    const row = await findRelationship(trx, id, { lock: true });
    if (!row) throw notFound('Proxy relationship');
    if (row.ended_at) throw conflict('This relationship has ended already.', 'wrong_state');
    if (row.version !== version) throw conflict('Someone else changed this relationship since you opened it. Reload, then try again.', 'stale_version');
    await trx('proxy_relationships')
      .where({ id })
      .update({ ended_at: now, end_cause: 'revoked', ended_by: actor.staffUserId, end_reason: reason, version: version + 1 });
    await recordAudit(trx, actor, { action: 'revoke', resource: 'proxy-relationships', resourceId: id, patientId: row.patient_id });
    return (await findRelationship(trx, id))!;
  });
  return asRecord(revoked, await today(deps), revoked.patient_id);
}

/**
 * Who can see the patient's portal record today and why, in plain words: the patient's own
 * account, then every relationship not ended (with what it shows, or why it shows nothing).
 */
export async function whoCanSee(deps: ProxyRelationshipDeps, actor: Actor, patientId: number) {
  const patient: { id: number; family_name: string; given_name: string; date_of_birth: string; deceased_date: string | null } | undefined = await deps
    .knex('patients')
    .first('id', 'family_name', 'given_name', 'date_of_birth', 'deceased_date')
    .where({ id: patientId });
  if (!patient) throw notFound('Patient');
  const day = await today(deps);
  const own: { username: string; status: string } | undefined = await deps.knex('portal_accounts').first('username', 'status').where({ patient_id: patientId });
  const rows = await openRelationshipsOfPatient(deps.knex, patientId);
  await recordAudit(deps.knex, actor, {
    action: 'explain',
    resource: 'proxy-relationships',
    patientId,
    listedPatientIds: rows.map((row) => row.proxy_patient_id),
  });
  const self = own
    ? {
        who: nameOf(patient.family_name, patient.given_name),
        username: own.username,
        through: 'own_account' as const,
        sees_anything: own.status === 'active' && !patient.deceased_date,
        sentence:
          own.status === 'active'
            ? `Sees their own record through their own portal account (${own.username}).`
            : `Sees nothing now: their own portal account (${own.username}) is ${own.status}.`,
      }
    : null;
  const people = rows.map((row) => {
    const access = accessNow(row, day);
    const accountActive = row.proxy_account_status === 'active';
    return {
      who: nameOf(row.proxy_family_name, row.proxy_given_name),
      username: row.proxy_username,
      through: 'proxy' as const,
      relationship_id: row.id,
      relationship: row.relationship,
      sees_anything: access.visible && accountActive,
      hidden: access.visible ? access.hidden : [],
      sentence: accountActive
        ? explainAccess(row, access, day)
        : `Sees nothing now: their portal account (${row.proxy_username}) is ${row.proxy_account_status}.`,
    };
  });
  return {
    patient_id: patient.id,
    patient_name: nameOf(patient.family_name, patient.given_name),
    age: ageOn(patient.date_of_birth, day),
    on: day,
    people: self ? [self, ...people] : people,
  };
}

/**
 * What a portal user may see of other patients right now: computed at the moment of asking, so a
 * relationship past its end date or a minor who came of age today is not there, whether or not
 * the nightly job has ended it yet. An unknown or inactive account sees nobody.
 */
export async function proxyAccessOf(deps: ProxyRelationshipDeps, actor: Actor, username: string) {
  const account: { id: number; status: string; patient_id: number } | undefined = await deps
    .knex('portal_accounts')
    .first('id', 'status', 'patient_id')
    .where({ username });
  const day = await today(deps);
  const rows = account?.status === 'active' ? await openRelationshipsOfProxy(deps.knex, account.id) : [];
  const patients = rows.flatMap((row) => {
    const access = accessNow(row, day);
    if (!access.visible) return [];
    return [
      {
        mrn: row.patient_mrn,
        familyName: row.patient_family_name,
        givenName: row.patient_given_name,
        dateOfBirth: row.patient_date_of_birth,
        relationship: row.relationship,
        accessLevel: row.access_level,
        stage: access.stage,
        hidden: access.hidden,
        until: access.until,
        why: explainAccess(row, access, day),
      },
    ];
  });
  await recordAudit(deps.knex, actor, {
    action: 'check-access',
    resource: 'proxy-relationships',
    patientId: account?.patient_id ?? null,
    listedPatientIds: rows.map((row) => row.patient_id),
    details: { known: Boolean(account), patients: patients.length },
  });
  return { username, on: day, patients };
}

/**
 * A teenager with their own portal account hides more from one parent or guardian (some
 * categories, or everything), or lifts it (an empty list). Takes effect at once; audited.
 */
export async function setProxyRestriction(
  deps: ProxyRelationshipDeps,
  actor: Actor,
  { patientUsername, proxyUsername, hide }: { patientUsername: string; proxyUsername: string; hide: RecordCategory[] | 'all' },
) {
  const day = await today(deps);
  return deps.knex.transaction(async (trx) => {
    const patientAccount: { id: number; status: string; patient_id: number } | undefined = await trx('portal_accounts')
      .first('id', 'status', 'patient_id')
      .where({ username: patientUsername });
    if (!patientAccount || patientAccount.status !== 'active') throw unprocessable('patient_unknown', { patientUsername: 'is not an active portal account' });
    const proxyAccount: { id: number } | undefined = await trx('portal_accounts').first('id').where({ username: proxyUsername });
    const relationship = proxyAccount
      ? (await openRelationshipsOfPatient(trx, patientAccount.patient_id)).find((row) => row.proxy_account_id === proxyAccount.id)
      : undefined;
    if (!relationship) throw unprocessable('no_relationship', { proxyUsername: "has no proxy access to this patient's record" });
    const stage = relationship.kind === 'minor' ? stageOf(relationship.patient_date_of_birth, day, relationship.tier) : null;
    if (stage !== 'teen') {
      throw unprocessable('not_a_teen', {
        patientUsername: `may set restrictions only from ${relationship.tier.teen_from_age} to ${relationship.tier.adult_at_age - 1}, on a parent's or guardian's access`,
      });
    }
    const lifting = hide !== 'all' && hide.length === 0;
    const pair = { patient_id: patientAccount.patient_id, proxy_account_id: proxyAccount!.id };
    if (lifting) await trx('proxy_restrictions').where(pair).delete();
    else {
      // One row per pair, whichever of two calls at once comes last.
      await trx('proxy_restrictions')
        .insert({ ...pair, hides_all: hide === 'all', hidden_categories: hide === 'all' ? [] : [...new Set(hide)], set_at: deps.clock() })
        .onConflict(['patient_id', 'proxy_account_id'])
        .merge(['hides_all', 'hidden_categories', 'set_at']);
    }
    await recordAudit(trx, actor, {
      action: lifting ? 'lift-restriction' : 'restrict',
      resource: 'proxy-relationships',
      resourceId: relationship.id,
      patientId: patientAccount.patient_id,
      details: { hides: hide === 'all' ? 'all' : hide },
    });
    const updated = (await findRelationship(trx, relationship.id))!;
    const access = accessNow(updated, day);
    return { relationshipId: relationship.id, hidesAll: hide === 'all', hidden: access.visible ? access.hidden : [], why: explainAccess(updated, access, day) };
  });
}

/**
 * The patients with open minor relationships whose stage changes in the next `days` days (turning
 * the teen age or coming of age), soonest first, with what changes for each proxy.
 */
export async function upcomingAgeChanges(deps: ProxyRelationshipDeps, actor: Actor, days: number) {
  const day = await today(deps);
  const last = new Date(`${day}T12:00:00Z`);
  last.setUTCDate(last.getUTCDate() + days);
  const until = last.toISOString().slice(0, 10);
  const rows: RelationshipRow[] = await relationshipQuery(deps.knex).whereNull('r.ended_at').where('r.kind', 'minor');
  const byPatient = new Map<number, { row: RelationshipRow; on: string; turns: number; change: 'teen' | 'adult'; proxies: RelationshipRow[] }>();
  for (const row of rows) {
    for (const [age, change] of [
      [row.tier.teen_from_age, 'teen'],
      [row.tier.adult_at_age, 'adult'],
    ] as const) {
      const on = birthday(row.patient_date_of_birth, age);
      if (on <= day || on > until) continue;
      const entry = byPatient.get(row.patient_id) ?? { row, on, turns: age, change, proxies: [] };
      entry.proxies.push(row);
      byPatient.set(row.patient_id, entry);
    }
  }
  const entries = [...byPatient.values()].sort((a, b) => a.on.localeCompare(b.on) || a.row.patient_family_name.localeCompare(b.row.patient_family_name));
  await recordAudit(deps.knex, actor, {
    action: 'list-age-changes',
    resource: 'proxy-relationships',
    listedPatientIds: entries.map((entry) => entry.row.patient_id),
    details: { days },
  });
  return entries.map(({ row, on, turns, change, proxies }) => ({
    id: row.patient_id,
    patient_name: nameOf(row.patient_family_name, row.patient_given_name),
    patient_mrn: row.patient_mrn,
    date_of_birth: row.patient_date_of_birth,
    on,
    turns,
    change,
    proxies: proxies.map((proxy) => {
      const after = accessNow(proxy, on);
      return {
        relationship_id: proxy.id,
        proxy_name: nameOf(proxy.proxy_family_name, proxy.proxy_given_name),
        relationship: proxy.relationship,
        from_then: explainAccess(proxy, after, on),
      };
    }),
  }));
}

/**
 * The nightly job: ends every open relationship that shows nothing any more because its end date
 * passed or its minor came of age, each in its own transaction with its audit row and a message to
 * the proxy. A relationship is ended once: the UPDATE takes only rows still open, so two workers
 * running at once end each one once between them. Answers how many it ended.
 */
export async function endExpiredRelationships(deps: ProxyRelationshipDeps, actor: Actor): Promise<number> {
  const day = await today(deps);
  const open: RelationshipRow[] = await relationshipQuery(deps.knex).whereNull('r.ended_at');
  let ended = 0;
  for (const row of open) {
    const access = accessNow(row, day);
    if (access.visible || (access.because !== 'ended' && access.because !== 'turned_adult')) continue;
    const cause = access.because === 'ended' ? 'end_date' : 'turned_adult';
    const done = await deps.knex.transaction(async (trx) => {
      const updated = await trx('proxy_relationships')
        .where({ id: row.id })
        .whereNull('ended_at')
        .update({ ended_at: deps.clock(), end_cause: cause, version: row.version + 1 });
      if (!updated) return false;
      await recordAudit(trx, actor, { action: 'end', resource: 'proxy-relationships', resourceId: row.id, patientId: row.patient_id, details: { cause } });
      await enqueueMessage(trx, deps.jobs, {
        patientId: row.proxy_patient_id,
        kind: 'proxy_access_ended',
        channel: 'email',
        recipient: row.proxy_email,
        // The sender words it; the payload names no patient.
        payload: { relationship_id: row.id, cause },
        createdBy: null,
        createdAt: deps.clock(),
      });
      return true;
    });
    if (done) ended += 1;
  }
  return ended;
}
