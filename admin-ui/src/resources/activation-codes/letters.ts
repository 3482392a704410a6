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
 * The letters handed to the letters page. Module memory, not router state: react-router keeps a
 * location's state in `history.state`, which the browser keeps across a reload, and the codes
 * must not outlive the page. Re-printing means issuing anew, as the rulebook says.
 */
let handedOver: ActivationLetter[] = [];
/** Set by openLetters, taken by the letters page: the print dialog opens once, with the page. */
let printRequested = false;

/**
 * Opens the printable letters and the browser's print dialog with them: one click from the code
 * to paper. The codes never enter the address, the history or any storage.
 */
export function openLetters(navigate: NavigateFunction, letters: ActivationLetter[]): void {
  handedOver = letters;
  printRequested = letters.length > 0;
  navigate(LETTERS_PATH);
}

/** True once after openLetters: whether the letters page should open the print dialog now. */
export function takePrintRequest(): boolean {
  const requested = printRequested;
  printRequested = false;
  return requested;
}

/** The letters handed over by openLetters, for the letters page to keep while it is shown. */
export const lettersHandedOver = (): ActivationLetter[] => handedOver;

/** Forgets the letters once their page is left: coming back (Back, a bookmark, a reload) shows none. */
export function forgetLetters(): void {
  handedOver = [];
}

/** The letter for a code just issued. */
export const letterOf = (issued: IssuedCode): ActivationLetter => ({
  patientName: `${issued.patient.given_name} ${issued.patient.family_name}`,
  code: issued.code,
  expiresAt: issued.expires_at,
});
