import type { TranslateFunction } from 'react-admin';
import { MESSAGE_TEAMS, MESSAGE_TOPICS, type MessageThread } from '@portaldesk/admin-api/contract';

export const RESOURCE = 'message-threads';

export type Topic = MessageThread['topic'];
export type Team = MessageThread['team'];
export type ThreadStatus = MessageThread['status'];

/** Every topic, in the order the console lists them. */
export const TOPICS: readonly Topic[] = MESSAGE_TOPICS;

export const STATUSES: ThreadStatus[] = ['new', 'open', 'waiting_on_patient', 'closed'];
/** The queue's default: everything not closed. */
export const NOT_CLOSED: ThreadStatus[] = ['new', 'open', 'waiting_on_patient'];
/** New or open: the threads whose clock runs (the dashboard's "Open"). */
export const RUNNING: ThreadStatus[] = ['new', 'open'];

/**
 * The team whose queue holds each topic, and the role its staff hold. Only the console's comfort:
 * the server decides what each person reads and answers.
 */
export const TEAM_OF: Readonly<Record<Topic, Team>> = MESSAGE_TEAMS;
/** The role that reads every queue and answers none. */
const READS_EVERY_QUEUE = 'compliance';

/** The topics someone with `roles` reads: their team's, or every one for the privacy office. */
export function readableTopics(roles: readonly string[]): Topic[] {
  return TOPICS.filter((topic) => roles.includes(READS_EVERY_QUEUE) || roles.includes(TEAM_OF[topic]));
}

/** True when someone with `roles` answers threads of `topic` (their own team's). */
export const answersTopic = (roles: readonly string[], topic: Topic) => roles.includes(TEAM_OF[topic]);

export const topicName = (translate: TranslateFunction, topic: Topic) => translate(`portal.messages.topic.${topic}`, { _: topic });
export const teamName = (translate: TranslateFunction, team: Team) => translate(`portal.messages.team.${team}`, { _: team });
export const statusName = (translate: TranslateFunction, status: ThreadStatus) => translate(`portal.messages.status.${status}`, { _: status });

/** Working minutes as people read them: "2 h 30 min", "1 business day 2 h" (a business day is 8 hours). */
export function workingTime(translate: TranslateFunction, minutes: number): string {
  const days = Math.floor(minutes / 480);
  const hours = Math.floor((minutes % 480) / 60);
  const rest = Math.round(minutes % 60);
  if (days) return translate('portal.messages.time.days_hours', { smart_count: days, hours });
  return translate('portal.messages.time.hours_minutes', { hours, minutes: rest });
}

/** Names as a sentence: "Dana Reyes", "Dana Reyes and Sam Lee", "A, B and C". */
export const nameList = (names: readonly string[]) => new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' }).format(names);
