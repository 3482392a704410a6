import { createHash } from 'node:crypto';

/**
 * The stored form of a random bearer secret (one-time links, portal tokens): a SHA-256 digest.
 * A fast hash suffices for 256 random bits, which leave nothing to guess; passwords and
 * activation codes, which are shorter, use argon2id instead.
 */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();
