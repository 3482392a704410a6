import { ageOn } from '../../lib/clock.ts';

/**
 * Who sees what of a patient's portal record through a proxy relationship, today: the one rule
 * the portal enforces (GET /portal-api/v1/proxy-access), ROI reads ("who sees what, and why")
 * and the job that ends minors' access at 18 follows. Pure: the callers read the rows.
 */

/** What the age tiers hide from parents of teenagers by default (DOMAIN: sensitive categories). */
export const SENSITIVE_CATEGORIES = ['reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use'] as const;
/** What a teenager may hide from a parent beyond that. */
export const RESTRICTABLE_CATEGORIES = [...SENSITIVE_CATEGORIES, 'test_results', 'medications', 'messages', 'billing', 'appointments'] as const;
export type RecordCategory = (typeof RESTRICTABLE_CATEGORIES)[number];

export const CATEGORY_WORDS: Record<RecordCategory, string> = {
  reproductive_sexual_health: 'reproductive and sexual health',
  sti_hiv: 'STI and HIV',
  mental_health: 'mental health',
  substance_use: 'substance use',
  test_results: 'test results',
  medications: 'medications',
  messages: 'messages',
  billing: 'billing',
  appointments: 'appointments',
};

const RELATIONSHIP_WORDS: Record<string, string> = {
  parent: 'parent',
  legal_guardian: 'legal guardian',
  power_of_attorney: 'holder of a power of attorney',
  health_care_proxy: 'health-care proxy',
  court_appointed_guardian: 'court-appointed guardian',
  authorized_by_patient: 'person authorized by the patient',
};

export interface AgeTier {
  state: string;
  teen_from_age: number;
  adult_at_age: number;
  teen_hidden_categories: string[];
}

export interface RelationshipFacts {
  relationship: string;
  kind: 'minor' | 'adult';
  access_level: 'full' | 'limited';
  starts_on: string;
  ends_on: string | null;
  patient_date_of_birth: string;
  patient_deceased: boolean;
  tier: AgeTier;
  restriction: { hides_all: boolean; hidden_categories: string[] } | null;
}

/** Where a minor stands on the tier: a child (everything), a teen (sensitive hidden) or grown up (minor access over). */
export type Stage = 'child' | 'teen' | 'adult';

export function stageOf(dateOfBirth: string, today: string, tier: AgeTier): Stage {
  const age = ageOn(dateOfBirth, today);
  return age >= tier.adult_at_age ? 'adult' : age >= tier.teen_from_age ? 'teen' : 'child';
}

/** The calendar date `years` after a birth date (29 February births count from 1 March in common years, as ageOn does). */
export function birthday(dateOfBirth: string, years: number): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const [m, d] = month === 2 && day === 29 && !leap ? [3, 1] : [month, day];
  return `${target}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const dayBefore = (date: string) => {
  const previous = new Date(`${date}T12:00:00Z`);
  previous.setUTCDate(previous.getUTCDate() - 1);
  return previous.toISOString().slice(0, 10);
};

export type HiddenBecause = 'teen_tier' | 'limited_access' | 'patient_restricted';
export type NotVisibleBecause = 'not_started' | 'ended' | 'turned_adult' | 'patient_hid_everything' | 'deceased';

export type AccessNow =
  | { visible: false; because: NotVisibleBecause }
  | {
      visible: true;
      stage: Stage | null;
      hidden: { category: RecordCategory; because: HiddenBecause }[];
      /** The last day of access as things stand: the end date, or the day before a minor comes of age. */
      until: string | null;
    };

/** What the proxy may see of the patient today. */
export function accessNow(facts: RelationshipFacts, today: string): AccessNow {
  if (facts.patient_deceased) return { visible: false, because: 'deceased' };
  if (facts.starts_on > today) return { visible: false, because: 'not_started' };
  if (facts.ends_on !== null && facts.ends_on < today) return { visible: false, because: 'ended' };
  const stage = facts.kind === 'minor' ? stageOf(facts.patient_date_of_birth, today, facts.tier) : null;
  if (stage === 'adult') return { visible: false, because: 'turned_adult' };
  if (stage === 'teen' && facts.restriction?.hides_all) return { visible: false, because: 'patient_hid_everything' };
  const hidden = new Map<RecordCategory, HiddenBecause>();
  if (stage === 'teen') for (const category of facts.tier.teen_hidden_categories) hidden.set(category as RecordCategory, 'teen_tier');
  if (facts.access_level === 'limited') for (const category of SENSITIVE_CATEGORIES) if (!hidden.has(category)) hidden.set(category, 'limited_access');
  if (stage === 'teen') {
    for (const category of facts.restriction?.hidden_categories ?? [])
      if (!hidden.has(category as RecordCategory)) hidden.set(category as RecordCategory, 'patient_restricted');
  }
  const comesOfAge = facts.kind === 'minor' ? dayBefore(birthday(facts.patient_date_of_birth, facts.tier.adult_at_age)) : null;
  const until = [facts.ends_on, comesOfAge].filter((date): date is string => date !== null).sort()[0] ?? null;
  return {
    visible: true,
    stage,
    hidden: RESTRICTABLE_CATEGORIES.filter((category) => hidden.has(category)).map((category) => ({ category, because: hidden.get(category)! })),
    until,
  };
}

const LONG_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
/** A calendar date as people write it: "November 30, 2031". */
const spoken = (date: string) => LONG_DATE.format(new Date(`${date}T12:00:00Z`));

const list = (words: string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);
const tierName = (tier: AgeTier) => (tier.state === 'default' ? 'the default age rules' : `the age rules for ${tier.state}`);

/**
 * Why the proxy sees what they see, in plain words (the privacy office's question, and the
 * portal's explanation to the family), e.g. "Sees everything except mental health: parent of a
 * patient aged 15; the default age rules hide these from parents of patients 13 to 17."
 */
export function explainAccess(facts: RelationshipFacts, access: AccessNow, today: string): string {
  const who = RELATIONSHIP_WORDS[facts.relationship] ?? facts.relationship;
  const age = ageOn(facts.patient_date_of_birth, today);
  if (!access.visible) {
    switch (access.because) {
      case 'deceased':
        return `Sees nothing: the patient is deceased, and proxy access to a deceased patient's record goes through Release of Information.`;
      case 'not_started':
        return `Sees nothing yet: the access as ${who} starts on ${spoken(facts.starts_on)}.`;
      case 'ended':
        return `Sees nothing: the access as ${who} ended on ${spoken(facts.ends_on!)}.`;
      case 'turned_adult':
        return `Sees nothing: the patient is ${age}, and under ${tierName(facts.tier)} a ${who}'s access to a minor ends at ${facts.tier.adult_at_age}; only the patient's own authorization can continue it.`;
      case 'patient_hid_everything':
        return `Sees nothing: the patient (aged ${age}) chose to hide their whole record from this ${who}.`;
    }
  }
  const reasons: string[] = [];
  // One reason for everything hidden says "these" rather than listing the categories twice.
  const byReason = (because: HiddenBecause) => {
    const words = access.hidden.filter((entry) => entry.because === because).map((entry) => CATEGORY_WORDS[entry.category]);
    return words.length === access.hidden.length ? 'these' : list(words);
  };
  const has = (because: HiddenBecause) => access.hidden.some((entry) => entry.because === because);
  if (has('teen_tier'))
    reasons.push(
      `${tierName(facts.tier)} hide ${byReason('teen_tier')} from parents and guardians of patients ${facts.tier.teen_from_age} to ${facts.tier.adult_at_age - 1}`,
    );
  if (has('limited_access')) reasons.push(`the access was approved as limited, which leaves out ${byReason('limited_access')}`);
  if (has('patient_restricted')) reasons.push(`the patient chose to hide ${byReason('patient_restricted')}`);
  const what = access.hidden.length ? `Sees the record except ${list(access.hidden.map((entry) => CATEGORY_WORDS[entry.category]))}` : 'Sees everything';
  const as = facts.kind === 'minor' ? `${who} of a patient aged ${age}` : `${who} of an adult patient`;
  const until = access.until ? `, until ${spoken(access.until)}` : '';
  return `${what}: ${as}${until}${reasons.length ? `; ${reasons.join('; ')}` : ''}.`;
}
