import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// argon2id with @node-rs/argon2's defaults (m=19456 KiB, t=2, p=1): OWASP's minimum profile.
const ARGON2ID = 2;

/** Hashes a staff password (or any low-entropy secret) with argon2id. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, { algorithm: ARGON2ID });
}

export function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  return verify(storedHash, secret).catch(() => false);
}

let dummyHash: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash, so an unknown username costs the same time as a known one
 * and response timing does not reveal which usernames exist.
 */
export async function burnVerificationTime(secret: string): Promise<void> {
  dummyHash ??= hashSecret('not-a-real-password-but-the-same-cost');
  await verifySecret(await dummyHash, secret);
}

const COMMON_PASSWORDS = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Longest password accepted: long enough for any passphrase, short enough to keep hashing cheap. */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * NIST SP 800-63B rules: a minimum length, no composition rules, and refusal of passwords
 * known from breach lists or derived from the account itself. Returns the problem, or null.
 */
export function passwordProblem(password: string, minLength: number, context: { username?: string } = {}): string | null {
  const length = [...password].length;
  if (length < minLength) return `must be at least ${minLength} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const withoutTrailingDigits = lower.replace(/[\d!@#$%^&*.]+$/, '');
  if (COMMON_PASSWORDS.has(lower) || (withoutTrailingDigits.length >= 4 && COMMON_PASSWORDS.has(withoutTrailingDigits))) {
    return 'is too common: it appears in lists of breached passwords';
  }
  if (new Set(lower).size <= 2) return 'is too repetitive';
  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    return 'must not contain your username';
  }
  if (/portal\s*desk/.test(lower)) return "must not be based on the product's name";
  return null;
}
