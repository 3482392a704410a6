import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwords.ts';

export const signInBody = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64, 'is too long'),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(MAX_PASSWORD_LENGTH * 4, 'is too long'),
});

export const changePasswordBody = z.strictObject({
  current_password: z.string({ error: 'is required' }).min(1, 'is required').max(MAX_PASSWORD_LENGTH * 4, 'is too long'),
  new_password: z.string({ error: 'is required' }).min(1, 'is required'),
});
