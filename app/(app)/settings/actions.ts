'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/config';

/**
 * After a password change every session of the person has ended, this browser's too: sign it in
 * again with the new password, so the one who changed it stays signed in here and only here.
 */
export async function signInAgain(email: string, password: string): Promise<{ ok: boolean }> {
  try {
    await signIn('credentials', { email, password, redirect: false });
    return { ok: true };
  } catch (err) {
    if (err instanceof AuthError) return { ok: false };
    throw err;
  }
}
