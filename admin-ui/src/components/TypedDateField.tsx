import { useState } from 'react';
import TextField from '@mui/material/TextField';
import { useInput, useTranslate, type InputProps } from 'react-admin';
import { useOrganizationTimeZone } from './dates.tsx';
import { dateInWords, readTypedDate, todayIn, type TypedDate } from './typed-date.ts';

/** YYYY-MM-DD as the desk types it back: MM/DD/YYYY. */
export const typedFormOf = (iso: string | null | undefined) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');

/** Reads `text` against today in the organization's time zone. */
export function useDateReader(past = false): (text: string) => TypedDate {
  const timeZone = useOrganizationTimeZone();
  return (text) => readTypedDate(text, { past, today: todayIn(timeZone) });
}

export interface TypedDateFieldProps {
  name: string;
  label: string;
  /** What is typed, kept by the caller so a half-typed date survives a re-render. */
  text: string;
  onTextChange(text: string): void;
  /** A birth date: two-digit years fall in the past, and a future date is an error. */
  past?: boolean;
  /** An error to show now (the form was submitted), besides the field's own once it loses focus. */
  error?: string | null;
  helperText?: string;
  required?: boolean;
  minWidth?: number;
  onBlur?(): void;
}

/**
 * The console's one date field: a text box that takes MM/DD/YYYY, M/D/YY, YYYY-MM-DD or digits
 * only, says what it understood ("April 7, 1984") as one types, and says what is wrong once the
 * field is left, never guessing at an impossible date.
 */
export const TypedDateField = ({ name, label, text, onTextChange, past, error, helperText, required, minWidth = 170, onBlur }: TypedDateFieldProps) => {
  const translate = useTranslate();
  const read = useDateReader(past);
  const [left, setLeft] = useState(false);
  const reading = read(text);
  const problem = error ?? (left && reading.kind === 'invalid' ? reading.problem : null);
  const understood = reading.kind === 'date' ? dateInWords(reading.iso) : null;
  return (
    <TextField
      fullWidth={false}
      name={name}
      label={label}
      value={text}
      required={required}
      onChange={(event) => {
        onTextChange(event.target.value);
        setLeft(false);
      }}
      onBlur={() => {
        setLeft(true);
        onBlur?.();
      }}
      placeholder="MM/DD/YYYY"
      autoComplete="off"
      error={problem !== null}
      helperText={problem ?? understood ?? helperText ?? translate('portal.dates.how_to_type')}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { inputMode: 'numeric', 'aria-describedby': `${name}-understood` },
        formHelperText: { id: `${name}-understood` },
      }}
      sx={{ minWidth, flex: `0 1 ${minWidth}px` }}
    />
  );
};

/**
 * TypedDateField bound to a react-admin form field holding YYYY-MM-DD. While the text is not a
 * date the field holds what was typed, so the form refuses to save and says why.
 */
export const TypedDateInput = ({
  source,
  label,
  past,
  helperText,
  validate,
}: Pick<InputProps, 'source' | 'validate'> & { label: string; past?: boolean; helperText?: string }) => {
  const translate = useTranslate();
  const read = useDateReader(past);
  const notADate = (value: unknown) => {
    if (typeof value !== 'string' || !value) return undefined;
    const reading = read(value);
    return reading.kind === 'invalid' ? reading.problem : undefined;
  };
  const { field, fieldState, formState } = useInput({ source, validate: validate ? [notADate, ...[validate].flat()] : notADate });
  const [text, setText] = useState(() => typedFormOf(field.value));
  const shownError =
    fieldState.error?.message && (fieldState.isTouched || formState.isSubmitted) ? translate(fieldState.error.message, { _: fieldState.error.message }) : null;
  return (
    <TypedDateField
      name={source}
      label={translate(label)}
      text={text}
      past={past}
      error={shownError}
      helperText={helperText && translate(helperText)}
      onBlur={field.onBlur}
      onTextChange={(typed) => {
        setText(typed);
        const reading = read(typed);
        field.onChange(reading.kind === 'date' ? reading.iso : reading.kind === 'empty' ? null : typed);
      }}
    />
  );
};
