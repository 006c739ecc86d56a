'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { signInAgain } from '@/app/(app)/settings/actions';
import { primaryButtonClass } from '@/components/ui/button';
import { fieldClass } from '@/components/ui/field';
import { requestErrors } from '@/components/ui/request-errors';
import { useChangePassword, useRename } from '@/lib/hooks/use-account';


/** The person's own account: their name and their password. */
export function AccountSettings({ email, name }: { email: string; name: string }) {
  return (
    <section aria-labelledby="account-heading" className="rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <h2 id="account-heading" className="px-4 pt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">
        Your account
      </h2>
      <p className="px-4 pt-0.5 text-sm text-slate-600 dark:text-slate-400">
        Signed in as <span className="font-medium break-all text-slate-800 dark:text-slate-200">{email}</span>
      </p>
      <NameForm initial={name} />
      <PasswordForm email={email} />
    </section>
  );
}

function NameForm({ initial }: { initial: string }) {
  const [name, setName] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const rename = useRename();
  const router = useRouter();
  const errors = requestErrors(rename.error).fields;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate(name, {
      onSuccess: (p) => {
        setSaved(p.name);
        setName(p.name);
        router.refresh(); // the header shows the name
      },
    });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2 border-b border-slate-100 p-4 dark:border-slate-800">
      <label className="flex min-w-0 grow flex-col gap-1 text-sm sm:max-w-xs">
        <span className="font-medium text-slate-800 dark:text-slate-200">Name</span>
        <input
          data-testid="profile-name"
          className={`${fieldClass} w-full`}
          value={name}
          maxLength={100}
          autoComplete="name"
          aria-invalid={errors.name ? true : undefined}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <button type="submit" className={primaryButtonClass} disabled={rename.isPending || name.trim() === saved || !name.trim()}>
        {rename.isPending ? 'Saving…' : 'Save name'}
      </button>
      <p role="status" aria-live="polite" className="h-4 basis-full text-xs">
        {rename.isError && <span className="text-red-700 dark:text-red-400">{errors.name ?? rename.error.message}</span>}
        {rename.isSuccess && name === saved && <span className="text-emerald-700 dark:text-emerald-400">Saved</span>}
      </p>
    </form>
  );
}

function PasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [touched, setTouched] = useState(false);
  const change = useChangePassword();
  const router = useRouter();
  const errors = requestErrors(change.error).fields;
  const mismatch = touched && confirm !== '' && confirm !== next;
  const tooShort = touched && next !== '' && next.length < 10;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (next !== confirm || next.length < 10) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: async () => {
          // every session ended with the change, this one too: sign this browser in again
          const again = await signInAgain(email, next);
          setCurrent('');
          setNext('');
          setConfirm('');
          setTouched(false);
          setDone(true);
          if (!again.ok) router.push('/login');
          else router.refresh();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-3" aria-labelledby="password-heading">
      <h3 id="password-heading" className="text-sm font-medium text-slate-800 sm:col-span-3 dark:text-slate-200">
        Change password
        <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">You stay signed in here; every other browser and device is signed out.</span>
      </h3>
      <PasswordField label="Current password" testId="current-password" value={current} onChange={setCurrent} autoComplete="current-password" error={errors.current_password} />
      <PasswordField
        label="New password"
        testId="new-password"
        value={next}
        onChange={(v) => {
          setNext(v);
          setDone(false);
        }}
        autoComplete="new-password"
        hint="At least 10 characters"
        error={errors.new_password ?? (tooShort ? 'Use at least 10 characters' : undefined)}
      />
      <PasswordField label="Repeat new password" testId="confirm-password" value={confirm} onChange={setConfirm} autoComplete="new-password" error={mismatch ? 'The two passwords differ' : undefined} />
      <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
        <button type="submit" data-testid="change-password" className={primaryButtonClass} disabled={change.isPending || !current || !next || !confirm}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        <p role="status" aria-live="polite" className="text-xs">
          {done && <span className="text-emerald-700 dark:text-emerald-400">Password changed. Other sessions were signed out.</span>}
          {change.isError && !errors.current_password && !errors.new_password && <span className="text-red-700 dark:text-red-400">{change.error.message}</span>}
        </p>
      </div>
    </form>
  );
}

function PasswordField(props: { label: string; testId: string; value: string; onChange: (v: string) => void; autoComplete: string; hint?: string; error?: string }) {
  const id = `pw-${props.testId}`;
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-sm">
      <span className="font-medium text-slate-800 dark:text-slate-200">{props.label}</span>
      <input
        id={id}
        type="password"
        data-testid={props.testId}
        className={`${fieldClass} w-full`}
        value={props.value}
        maxLength={200}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${id}-msg`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span id={`${id}-msg`} className={`min-h-4 text-xs ${props.error ? 'text-red-700 dark:text-red-400' : 'text-slate-500 dark:text-slate-400'}`}>
        {props.error ?? props.hint ?? ''}
      </span>
    </label>
  );
}
