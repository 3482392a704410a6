import { afterBusinessMinutes, businessDayMinutes, businessMinutesBetween, type BusinessCalendar } from '../../lib/business-days.ts';
import type { ThreadStatus } from './message-threads.schema.ts';

/** DOMAIN: a thread is due 3 business days after it was received. */
export const MESSAGE_DUE_BUSINESS_DAYS = 3;

/** The business minutes a thread gets on its clock. */
export const allowedMinutes = (calendar: BusinessCalendar) => MESSAGE_DUE_BUSINESS_DAYS * businessDayMinutes(calendar);

/** The columns that hold a thread's clock. */
export interface ThreadClock {
  status: ThreadStatus;
  clock_started_at: Date | null;
  business_minutes_used: number;
  due_at: Date | null;
}

export interface ClockChanges {
  status?: ThreadStatus;
  clock_started_at?: Date | null;
  business_minutes_used?: number;
  due_at?: Date | null;
  closed_at?: Date | null;
}

/** The clock runs while a thread is new or open. */
export const isRunning = (status: ThreadStatus) => status === 'new' || status === 'open';

/**
 * When a thread received at `receivedAt` is due: 3 business days of working time later; one
 * received after hours, on a weekend or a holiday counts from the next opening.
 */
export const dueAtReceipt = (receivedAt: Date, calendar: BusinessCalendar) => afterBusinessMinutes(receivedAt, allowedMinutes(calendar), calendar);

/** While the clock is paused: the working time left when it resumes. */
export function minutesLeft(clock: ThreadClock, calendar: BusinessCalendar): number | null {
  return clock.status === 'waiting_on_patient' ? Math.max(0, allowedMinutes(calendar) - clock.business_minutes_used) : null;
}

/**
 * The clock's columns after the thread moves from its status to `target` at `now`:
 * waiting on the patient pauses the clock (the business time spent is kept), back to open resumes
 * it with what was left, closing stops it, and reopening a closed thread starts a fresh clock
 * (paused at once when it is reopened to wait on the patient).
 */
export function moveClock(current: ThreadClock, target: ThreadStatus, now: Date, calendar: BusinessCalendar): ClockChanges {
  if (target === current.status) return {};
  if (isRunning(current.status) && isRunning(target)) return { status: target };
  if (isRunning(current.status)) {
    const spent = current.clock_started_at ? businessMinutesBetween(current.clock_started_at, now, calendar) : 0;
    const stopped = { clock_started_at: null, due_at: null, business_minutes_used: current.business_minutes_used + spent };
    return target === 'closed' ? { ...stopped, status: target, closed_at: now } : { ...stopped, status: target };
  }
  if (current.status === 'waiting_on_patient') {
    if (target === 'closed') return { status: target, closed_at: now };
    const left = Math.max(0, allowedMinutes(calendar) - current.business_minutes_used);
    return { status: target, clock_started_at: now, due_at: afterBusinessMinutes(now, left, calendar) };
  }
  // Reopened: a fresh clock.
  const fresh = { status: target, closed_at: null, business_minutes_used: 0 };
  if (isRunning(target)) return { ...fresh, clock_started_at: now, due_at: afterBusinessMinutes(now, allowedMinutes(calendar), calendar) };
  return { ...fresh, clock_started_at: null, due_at: null };
}
