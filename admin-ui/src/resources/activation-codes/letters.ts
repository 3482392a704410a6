import type { NavigateFunction } from 'react-router-dom';
import type { IssuedCode } from '../../providers/dataProvider.ts';

/** What one activation letter prints. */
export interface ActivationLetter {
  patientName: string;
  code: string;
  expiresAt: string;
}

export const LETTERS_PATH = '/activation-letters';

/**
 * Opens the printable letters. The codes travel in the router's in-memory state only: never in
 * the address (history, logs) nor in storage, so a reload shows no code; re-printing means
 * issuing anew, as the rulebook says.
 */
export function openLetters(navigate: NavigateFunction, letters: ActivationLetter[]): void {
  navigate(LETTERS_PATH, { state: { letters } });
}

/** The letter for a code just issued. */
export const letterOf = (issued: IssuedCode): ActivationLetter => ({
  patientName: `${issued.patient.given_name} ${issued.patient.family_name}`,
  code: issued.code,
  expiresAt: issued.expires_at,
});
