import { createHash, createHmac } from 'node:crypto';

/**
 * The stored form of a random bearer secret (one-time links, portal tokens): a SHA-256 digest.
 * A fast hash suffices for 256 random bits, which leave nothing to guess; passwords and
 * activation codes, which are shorter, use argon2id instead.
 */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * A stable stand-in for something typed that must not be stored as typed: a sign-in "username"
 * that names nobody may well be a password entered in the wrong box. Keyed (HMAC), so whoever
 * reads the audit trail cannot test guesses against it; the same input always gives the same
 * stand-in, so repeated attempts still group together.
 */
export const pseudonym = (key: string, typed: string): string => `unknown:${createHmac('sha256', key).update(typed.toLowerCase()).digest('hex').slice(0, 16)}`;
