'use client';

import { useActionState } from 'react';
import { login, type LoginState } from './actions';

const input =
  'block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-400 focus:border-blue-600 focus-visible:outline-2 focus-visible:outline-offset-0 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';

// the next whole minute, so "after 20:41" is never early
const clockTime = (iso: string) =>
  new Date(Math.ceil(new Date(iso).getTime() / 60_000) * 60_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function LoginForm() {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {});
  return (
    <form action={action} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} className={input} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={input} />
      </div>
      {/* reserved height: the error appearing does not push the button down */}
      <p role="alert" aria-live="polite" className="min-h-5 text-sm font-medium text-red-700 dark:text-red-400">
        {state.lockedUntil ? `Too many failed sign-ins. Try again after ${clockTime(state.lockedUntil)}.` : state.error}
      </p>
      <button
        type="submit"
        data-testid="login-submit"
        disabled={pending}
        className="inline-flex h-10 w-full items-center justify-center rounded-md bg-slate-900 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
