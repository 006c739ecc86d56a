'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/config';

export type LoginState = { error?: string; email?: string };

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get('email') ?? '');
  try {
    await signIn('credentials', { email, password: String(form.get('password') ?? ''), redirectTo: '/notifications' });
    return {};
  } catch (err) {
    // a successful sign-in throws Next's redirect, which must propagate
    if (err instanceof AuthError) return { error: 'Wrong email or password', email };
    throw err;
  }
}
