import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useOrganizationTimeZone } from './dates.tsx';
import { TypedDateField, typedFormOf, useDateReader } from './TypedDateField.tsx';
import { nextDay, startOfDayIn, todayIn } from './typed-date.ts';

/** The day an instant falls on in `timeZone`, as typed back into a form. */
const dayOf = (instant: unknown, timeZone: string | undefined, daysBack = 0) => {
  if (typeof instant !== 'string') return '';
  return typedFormOf(todayIn(timeZone, new Date(new Date(instant).getTime() - daysBack * 86_400_000)));
};

/** A list filter's time range: from the start of the first day to the end of the last, in the organization's zone. */
export interface InstantRange {
  occurred_after?: string;
  occurred_before?: string;
}

/**
 * "From" and "Until" days for a search form whose filter holds `occurred_after` and the exclusive
 * `occurred_before`. `resolve` answers the filter's bounds, or undefined after putting the reason
 * on the field (a date that is not one, a start after the end): a range is never dropped unsaid.
 */
export function useDateRange(filterValues: Record<string, unknown>) {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone() ?? 'America/New_York';
  const readDate = useDateReader();
  const [text, setText] = useState(() => ({
    from: dayOf(filterValues.occurred_after, timeZone),
    // The filter's upper bound is the start of the day after the one typed.
    until: dayOf(filterValues.occurred_before, timeZone, 1),
  }));
  const [errors, setErrors] = useState<{ from?: string; until?: string }>({});

  const resolve = (): InstantRange | undefined => {
    const from = readDate(text.from);
    const until = readDate(text.until);
    const found = {
      from: from.kind === 'invalid' ? from.problem : undefined,
      until:
        until.kind === 'invalid'
          ? until.problem
          : from.kind === 'date' && until.kind === 'date' && from.iso > until.iso
            ? translate('portal.dates.from_after_until')
            : undefined,
    };
    setErrors(found);
    if (found.from || found.until) return undefined;
    return {
      ...(from.kind === 'date' ? { occurred_after: startOfDayIn(from.iso, timeZone) } : {}),
      ...(until.kind === 'date' ? { occurred_before: startOfDayIn(nextDay(until.iso), timeZone) } : {}),
    };
  };

  const clear = () => {
    setText({ from: '', until: '' });
    setErrors({});
  };

  const fields = (['from', 'until'] as const).map((name) => (
    <TypedDateField
      key={name}
      name={name}
      label={translate(`portal.dates.${name}`)}
      text={text[name]}
      error={errors[name]}
      onTextChange={(typed) => {
        setText((current) => ({ ...current, [name]: typed }));
        setErrors((current) => ({ ...current, [name]: undefined }));
      }}
    />
  ));

  return { fields, resolve, clear };
}
