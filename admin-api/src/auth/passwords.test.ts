import { describe, expect, it } from 'vitest';
import { hashSecret, passwordProblem, verifySecret } from './passwords.ts';

describe('passwordProblem', () => {
  it('when a password is shorter than the minimum, then it is refused with the length', () => {
    expect(passwordProblem('short pass', 12)).toBe('must be at least 12 characters');
  });

  it('when a password is on the breached-passwords list, then it is refused even at length', () => {
    expect(passwordProblem('1q2w3e4r5t6y', 12)).toMatch(/too common/);
    expect(passwordProblem('password123456', 12)).toMatch(/too common/);
  });

  it('when a long passphrase has no digits or symbols, then it is accepted (no composition rules)', () => {
    expect(passwordProblem('purple elephants dance quietly', 12)).toBeNull();
  });

  it('when a password contains the username or repeats one character, then it is refused', () => {
    expect(passwordProblem('jsmith-is-my-name', 12, { username: 'jsmith' })).toMatch(/username/);
    expect(passwordProblem('aaaaaaaaaaaaaa', 12)).toMatch(/repetitive/);
  });
});

describe('hashSecret', () => {
  it('when hashed, then the argon2id hash verifies the secret and nothing else', async () => {
    const stored = await hashSecret('purple elephants dance quietly');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifySecret(stored, 'purple elephants dance quietly')).toBe(true);
    expect(await verifySecret(stored, 'purple elephants dance loudly')).toBe(false);
  });
});
