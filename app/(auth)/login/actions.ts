'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { db } from '@/db/client';
import { landingPathFor } from '@/lib/auth/landing';
import { signIn } from '@/lib/auth/config';
import { SignInLocked } from '@/lib/auth/signin-limit';

/** `lockedUntil` (ISO): sign-ins wait until then; the form says when in the browser's own time. */
export type LoginState = { error?: string; lockedUntil?: string; email?: string };

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get('email') ?? '');
  try {
    // no redirect yet: where to land depends on who signed in
    await signIn('credentials', { email, password: String(form.get('password') ?? ''), redirect: false });
  } catch (err) {
    if (err instanceof SignInLocked) {
      return { error: 'Too many failed sign-ins. Try again later.', lockedUntil: err.until.toISOString(), email };
    }
    if (err instanceof AuthError) return { error: 'Wrong email or password', email };
    throw err;
  }
  redirect(await landingPathFor(db, email));
}
