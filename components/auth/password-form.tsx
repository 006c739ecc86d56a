'use client';

import { useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { login } from '@/app/(auth)/login/actions';
import { requestErrors } from '@/components/ui/request-errors';
import { AlertsRequestError } from '@/lib/hooks/alerts-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { acceptInviteRequest, setupRequest } from '@/lib/hooks/people-api';
import { emailSchema, passwordSchema, personNameSchema, PASSWORD_MIN } from '@/lib/validation/users';

const input =
  'block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-400 focus:border-blue-600 focus-visible:outline-2 focus-visible:outline-offset-0 aria-invalid:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';

type Props =
  /** an invited person: their email is known, their name can be corrected */
  | { kind: 'invite'; token: string; email: string; name: string }
  /** the first admin: email and name are theirs to give */
  | { kind: 'setup'; token: string };

/**
 * Choose a password (twice) and sign in with it: the invite posts to POST /api/v1/invites/{token},
 * the first-run setup to POST /api/v1/setup; then the usual credentials sign-in lands them in the app.
 */
export function PasswordForm(props: Props) {
  const [email, setEmail] = useState(props.kind === 'invite' ? props.email : '');
  const [name, setName] = useState(props.kind === 'invite' ? props.name : '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  const check = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (props.kind === 'setup') {
      const e = emailSchema.safeParse(email);
      if (!e.success) found.email = e.error.issues[0]!.message;
    }
    const n = personNameSchema.safeParse(name);
    if (!n.success) found.name = n.error.issues[0]!.message;
    const p = passwordSchema.safeParse(password);
    if (!p.success) found.password = p.error.issues[0]!.message;
    else if (confirm !== password) found.confirm = 'The two passwords differ';
    return found;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    startTransition(async () => {
      let signInEmail: string;
      try {
        const { user } =
          props.kind === 'invite'
            ? await acceptInviteRequest(props.token, { password, name: name.trim() })
            : await setupRequest({ token: props.token, email, name: name.trim(), password });
        signInEmail = user.email;
      } catch (err) {
        const { fields, message: text } = requestErrors(err);
        setErrors(fields);
        setMessage(text);
        setGone(err instanceof AlertsRequestError && (err.status === 404 || err.status === 410));
        return;
      }
      const form = new FormData();
      form.set('email', signInEmail);
      form.set('password', password);
      // a successful sign-in redirects into the app; an answer here means it did not work
      const result = await login({}, form);
      setMessage(result.error ? 'Your password is set, but signing in failed: sign in on the login page.' : null);
    });
  };

  const field = (id: string, label: string, el: ReactNode, hint?: string) => (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {el}
      {errors[id] ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700 dark:text-red-400">
          {errors[id]}
        </p>
      ) : (
        hint && <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p>
      )}
    </div>
  );
  const aria = (id: string) => ({ 'aria-invalid': !!errors[id] || undefined, 'aria-describedby': errors[id] ? `${id}-error` : undefined });

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid={`${props.kind}-form`} data-hydrated={hydrated}>
      {props.kind === 'invite' ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Signing in as <span className="font-medium text-slate-900 dark:text-slate-100">{props.email}</span>
        </p>
      ) : (
        field('email', 'Email', <input id="email" name="email" type="email" autoComplete="username" className={input} value={email} onChange={(e) => setEmail(e.target.value)} {...aria('email')} />)
      )}
      {field('name', 'Your name', <input id="name" name="name" autoComplete="name" className={input} value={name} onChange={(e) => setName(e.target.value)} {...aria('name')} />)}
      {field(
        'password',
        'Password',
        <input id="password" name="password" type="password" autoComplete="new-password" className={input} value={password} onChange={(e) => setPassword(e.target.value)} {...aria('password')} />,
        `At least ${PASSWORD_MIN} characters`,
      )}
      {field('confirm', 'Password again', <input id="confirm" name="confirm" type="password" autoComplete="new-password" className={input} value={confirm} onChange={(e) => setConfirm(e.target.value)} {...aria('confirm')} />)}
      <p role="alert" aria-live="polite" className="min-h-5 text-sm font-medium text-red-700 dark:text-red-400">
        {message}
        {gone && (props.kind === 'invite' ? ' Ask your admin for a new link.' : ' Restart the server for a new setup link.')}
      </p>
      <button
        type="submit"
        data-testid={`${props.kind}-submit`}
        disabled={pending}
        className="inline-flex h-10 w-full items-center justify-center rounded-md bg-slate-900 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
      >
        {pending ? 'Signing in…' : props.kind === 'invite' ? 'Set password and sign in' : 'Create the admin account'}
      </button>
    </form>
  );
}
