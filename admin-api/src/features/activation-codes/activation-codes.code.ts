import { randomInt } from 'node:crypto';

/**
 * Letters and digits without look-alikes (no 0/O, 1/I/L): 31 symbols, so 15 of them carry
 * 15 × log2(31) ≈ 74 bits, above the 70 the rulebook asks for.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 15;
/** The first characters find the row; they are stored in plain text, the rest only hashed. */
export const SELECTOR_LENGTH = 5;

const VALID_CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A new code from the operating system's cryptographic RNG (uniform over the alphabet). */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** `XXXXX-XXXXX-XXXXX`, as printed on the letter. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5, 10)}-${code.slice(10)}`;
}

/** What a patient typed, without case, spaces or dashes; null when it cannot be a code. */
export function normalizeCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  return VALID_CODE.test(compact) ? compact : null;
}

/** The stored, public part and the secret part of a code. */
export function splitCode(code: string): { selector: string; verifier: string } {
  return { selector: code.slice(0, SELECTOR_LENGTH), verifier: code.slice(SELECTOR_LENGTH) };
}
