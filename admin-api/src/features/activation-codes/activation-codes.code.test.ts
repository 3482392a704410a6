import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, generateCode, normalizeCode, splitCode } from './activation-codes.code.ts';

describe('activation code format', () => {
  it('when a code is generated, then it has 15 characters from the alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generateCode();
      expect(code).toMatch(/^[A-Z2-9]{15}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(CODE_ALPHABET.length ** 15).toBeGreaterThan(2 ** 70);
  });

  it('when many codes are generated, then every symbol turns up and no code repeats', () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('')).size).toBe(CODE_ALPHABET.length);
  });

  it('when a code is typed with lower case, spaces or dashes, then it reads the same', () => {
    const code = 'ABCDE23456FGHJK';
    expect(formatCode(code)).toBe('ABCDE-23456-FGHJK');
    expect(normalizeCode('abcde-23456-fghjk')).toBe(code);
    expect(normalizeCode(' ABCDE 23456 FGHJK ')).toBe(code);
    expect(normalizeCode('ABCDE-23456-FGHJ')).toBeNull();
    expect(normalizeCode('ABCDE-23456-FGHJ0')).toBeNull();
    expect(splitCode(code)).toEqual({ selector: 'ABCDE', verifier: '23456FGHJK' });
  });
});
