import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoDate, wire } from '../../lib/validation.ts';

/** Who the requester is to the patient, as the portal's form offers it. */
export const PROXY_RELATIONSHIPS = [
  'parent',
  'legal_guardian',
  'power_of_attorney',
  'health_care_proxy',
  'court_appointed_guardian',
  'authorized_by_patient',
] as const;
export type ProxyRelationship = (typeof PROXY_RELATIONSHIPS)[number];

/** A minor's request (the patient under 18 on the day it arrived) or an adult's. */
export const PROXY_KINDS = ['minor', 'adult'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

export const PROXY_REQUEST_STATUSES = ['submitted', 'more_info_requested', 'approved', 'denied', 'withdrawn'] as const;
export type ProxyRequestStatus = (typeof PROXY_REQUEST_STATUSES)[number];

export const ACCESS_LEVELS = ['full', 'limited'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const name = (what: string) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(100, `is too long: at most 100 characters${what ? ` for a ${what}` : ''}`);

/** The `request` part of the portal's multipart POST. */
export const proxyRequestBody = z.strictObject({
  requesterUsername: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  patient: z.strictObject(
    {
      familyName: name('name'),
      givenName: name('name'),
      dateOfBirth: isoDate,
      mrn: z.string().trim().max(20, 'is too long: at most 20 characters').optional(),
    },
    { error: 'is required: familyName, givenName, dateOfBirth and, when known, mrn' },
  ),
  relationship: z.enum(PROXY_RELATIONSHIPS, { error: `must be one of ${PROXY_RELATIONSHIPS.join(', ')}` }),
  note: z.string().trim().max(2000, 'is too long: at most 2000 characters').optional(),
});
export type ProxyRequestBody = z.output<typeof proxyRequestBody>;

/** What the portal hears when a request is received. */
export const proxyRequestReceived = z.strictObject({
  id: wire.id,
  status: z.literal('submitted'),
  dueAt: wire.instant.meta({ description: 'When ROI should have decided, on the business-day clock' }),
});

/** What the portal reads back about a request, for the requester. */
export const proxyRequestForPortal = z.strictObject({
  id: wire.id,
  status: z.enum(PROXY_REQUEST_STATUSES),
  submittedAt: wire.instant,
  dueAt: wire.instant.nullable().meta({ description: 'Null while ROI waits on the requester, and once decided' }),
  question: z.string().nullable().meta({ description: 'What ROI asked the requester, while more information is requested' }),
  reason: z.string().nullable().meta({ description: 'Why ROI denied the request' }),
  relationship: z
    .strictObject({ id: wire.id, accessLevel: z.enum(ACCESS_LEVELS), startsOn: wire.date, endsOn: wire.date.nullable() })
    .nullable()
    .meta({ description: 'The access an approval created' }),
  documents: z.number().int().meta({ description: 'How many documents the request holds' }),
});

/** What ROI ticked while checking the documents; kept with the decision. */
export const proxyChecklist = z.strictObject({
  relationshipProven: z.boolean({ error: 'must be true or false' }),
  signedAndDated: z.boolean({ error: 'must be true or false' }),
  notExpired: z.boolean({ error: 'must be true or false' }),
});
export type ProxyChecklist = z.output<typeof proxyChecklist>;

export const proxyDecisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'deny', 'more_info'], { error: 'must be approve, deny or more_info' }),
    accessLevel: z.enum(ACCESS_LEVELS, { error: 'must be full or limited' }).optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
    reason: z.string().trim().max(2000, 'is too long: at most 2000 characters').optional(),
    checklist: proxyChecklist.optional(),
    version: z.number({ error: 'is required (the version you read)' }).int().positive(),
  })
  .superRefine((body, context) => {
    if (body.decision !== 'approve' && (body.reason ?? '').length < 3) {
      context.addIssue({
        code: 'custom',
        path: ['reason'],
        message: body.decision === 'deny' ? 'is required to deny: the requester reads it' : 'is required: the question the requester answers',
      });
    }
    if (body.decision === 'approve' && !body.accessLevel)
      context.addIssue({ code: 'custom', path: ['accessLevel'], message: 'is required to approve: full or limited' });
    if (body.startsOn && body.endsOn && body.endsOn < body.startsOn)
      context.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
  });
export type ProxyDecisionBody = z.output<typeof proxyDecisionBody>;

export const proxyRequestFilter = z.strictObject({
  status: z.enum(PROXY_REQUEST_STATUSES, { error: `must be one of ${PROXY_REQUEST_STATUSES.join(', ')}` }).optional(),
  kind: z.enum(PROXY_KINDS, { error: 'must be minor or adult' }).optional(),
  overdue: z.boolean({ error: 'must be true or false' }).optional(),
  assignee_id: z.number().int().positive().optional(),
  patient_id: z.number().int().positive().optional(),
  /** Open: submitted or waiting on the requester. */
  open: z.boolean({ error: 'must be true or false' }).optional(),
});
export type ProxyRequestFilter = z.output<typeof proxyRequestFilter>;

export const proxyRequestList: ListSpec<typeof proxyRequestFilter> = {
  sortable: ['due_at', 'submitted_at'],
  defaultSort: ['due_at', 'ASC'],
  filter: proxyRequestFilter,
};

/** A request as ROI's queue lists it. */
export const proxyRequestRecord = z.strictObject({
  id: wire.id,
  submitted_at: wire.instant,
  status: z.enum(PROXY_REQUEST_STATUSES),
  kind: z.enum(PROXY_KINDS),
  relationship: z.enum(PROXY_RELATIONSHIPS),
  requester_name: z.string().meta({ description: 'The requester as their own patient record names them, "Family, Given"' }),
  requester_username: z.string(),
  patient_id: wire.id.nullable().meta({ description: 'The patient matched by name and birth date (and MRN when given), when exactly one is' }),
  patient_name: z.string().meta({ description: 'The patient as the requester named them, "Family, Given"' }),
  patient_mrn: z.string().nullable().meta({ description: "The matched patient's MRN" }),
  due_at: wire.instant.nullable().meta({ description: 'Null while ROI waits on the requester (the clock is paused) and once decided' }),
  overdue: z.boolean(),
  assignee_id: wire.id.nullable(),
  assignee_name: z.string().nullable(),
  documents: z.number().int(),
  version: z.number().int(),
});

/** A person as ROI compares them: the requester's own record, the patient as named and as on file. */
const person = z.strictObject({
  family_name: z.string(),
  given_name: z.string(),
  date_of_birth: wire.date,
  mrn: z.string().nullable(),
});

export const documentSummary = z.strictObject({
  id: wire.id,
  file_name: z.string(),
  media_type: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
  bytes: z.number().int(),
  sha256: z.string(),
  received_at: wire.instant,
});

/** One request as ROI works it. */
export const proxyRequestCase = proxyRequestRecord.extend({
  note: z.string().nullable(),
  requester: person.extend({
    age: z.number().int(),
    account_status: z.enum(['active', 'locked', 'deactivated']),
    account_since: wire.instant,
  }),
  patient_as_named: person,
  patient_on_file: person.extend({ age: z.number().int(), deceased: z.boolean() }).nullable(),
  question: z.string().nullable(),
  question_asked_at: wire.instant.nullable().meta({ description: 'When ROI last asked the requester (the assignee asked)' }),
  decision_reason: z.string().nullable(),
  checklist: proxyChecklist.nullable(),
  decided_at: wire.instant.nullable(),
  decided_by_name: z.string().nullable(),
  business_minutes_left: z.number().int().nullable().meta({ description: 'While the clock is paused: the working time left when it resumes' }),
  created_relationship: z.strictObject({ id: wire.id, access_level: z.enum(ACCESS_LEVELS), starts_on: wire.date, ends_on: wire.date.nullable() }).nullable(),
  document_list: z.array(documentSummary),
});
