'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { CopyButton, CopyField } from '@/components/ui/copy-button';
import { fieldClass } from '@/components/ui/field';
import type { Permission } from '@/lib/auth/permissions';
import type { PersonalToken } from '@/lib/hooks/people-api';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { useNow } from '@/lib/hooks/use-now';
import { useCreateToken, usePersonalTokens, useRevokeToken } from '@/lib/hooks/use-tokens';
import { createTokenSchema } from '@/lib/validation/tokens';
import { requestErrors } from '@/components/ui/request-errors';
import { SubmitRow } from '@/components/ui/submit-row';

const SCOPE_HINT: Record<Permission, string> = {
  'alerts.read': 'read your alerts and act on them',
  'alerts.broadcast': 'raise alerts for others',
  'alerts.manage': 'manage rules, people and settings',
  'events.write': 'send events (complaints, payments, metrics)',
};
const EXPIRY = [
  ['30', '30 days'],
  ['90', '90 days'],
  ['365', '1 year'],
  ['never', 'Never'],
] as const;

/** Personal API tokens: make one (its secret shown once, with a ready curl line), see when each was last used, revoke. */
export function ApiTokens({ permissions, appUrl }: { permissions: Permission[]; appUrl: string }) {
  const hydrated = useHydrated();
  const now = useNow();
  const tokens = usePersonalTokens();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>(permissions.includes('alerts.read') ? ['alerts.read'] : []);
  const [expiry, setExpiry] = useState<(typeof EXPIRY)[number][0]>('90');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = createTokenSchema.safeParse({ name, scopes, expires_in_days: expiry === 'never' ? null : Number(expiry) });
    if (!parsed.success) {
      setLocal(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.path[0] === 'scopes' ? 'Pick at least one' : i.message])));
      return;
    }
    setLocal({});
    create.mutate(parsed.data, {
      onSuccess: (made) => {
        setSecret({ name: made.name, token: made.token });
        setName('');
      },
    });
  };
  const server = requestErrors(create.error);
  const errors = { ...server.fields, ...local };
  const curl = secret ? `curl -H "Authorization: Bearer ${secret.token}" ${appUrl}/api/v1/alerts/unread/count` : '';

  return (
    <div className="space-y-4" data-hydrated={hydrated}>
      <div>
        <Link href="/settings" className="text-sm font-medium text-blue-700 hover:underline dark:text-blue-400">
          ← Settings
        </Link>
        <h1 className="mt-1 text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          A token lets a script or another system use the API as you, with only the permissions you give it. Send it as <code className="text-xs">Authorization: Bearer …</code>.
        </p>
      </div>

      {secret && (
        <section data-testid="token-secret" role="status" className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-500/40 dark:bg-emerald-500/10">
          <div className="flex items-start justify-between gap-2">
            <p className="font-medium text-emerald-900 dark:text-emerald-200">Your new token “{secret.name}”: copy it now, it is not shown again.</p>
            <button type="button" onClick={() => setSecret(null)} className="text-xs font-medium text-emerald-800 hover:underline dark:text-emerald-300">
              Done
            </button>
          </div>
          <CopyField value={secret.token} label="New API token" testId="token-value" />
          <p className="pt-1 text-xs text-emerald-900/80 dark:text-emerald-200/80">Try it:</p>
          <div className="flex min-w-0 flex-col items-start gap-2 sm:flex-row">
            <pre data-testid="token-curl" className="w-full min-w-0 flex-1 rounded-md bg-slate-900 px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-100">
              {curl}
            </pre>
            <CopyButton text={curl} testId="token-curl-copy" />
          </div>
        </section>
      )}

      <form onSubmit={submit} noValidate aria-labelledby="new-token-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <h2 id="new-token-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          New token
        </h2>
        <div className="mt-3 grid gap-3 sm:grid-cols-[1fr_12rem]">
          <label className="flex min-w-0 flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">Name</span>
            <input data-testid="token-name" className={`w-full ${fieldClass}`} placeholder="Wallboard script" aria-invalid={!!errors.name || undefined} value={name} onChange={(e) => setName(e.target.value)} />
            {errors.name && <span className="text-xs text-red-700 dark:text-red-400">{errors.name}</span>}
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium text-slate-800 dark:text-slate-200">Expires</span>
            <select data-testid="token-expiry" className={`w-full ${fieldClass}`} value={expiry} onChange={(e) => setExpiry(e.target.value as typeof expiry)}>
              {EXPIRY.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="sm:col-span-2">
            <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">What it may do</legend>
            <div className="mt-1.5 grid gap-1.5 sm:grid-cols-2">
              {permissions.map((p) => (
                <label key={p} className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200">
                  <input
                    type="checkbox"
                    data-testid={`token-scope-${p}`}
                    className="mt-0.5 size-4 shrink-0 accent-blue-600"
                    checked={scopes.includes(p)}
                    onChange={(e) => setScopes((s) => (e.target.checked ? [...s, p] : s.filter((x) => x !== p)))}
                  />
                  <span>
                    <code className="text-xs">{p}</code> <span className="text-slate-500 dark:text-slate-400">— {SCOPE_HINT[p]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.scopes && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{errors.scopes}</p>}
          </fieldset>
        </div>
        <SubmitRow testId="create-token" pending={create.isPending} label="Create token" pendingLabel="Creating…" error={server.message} className="mt-3" />
      </form>

      <section aria-labelledby="tokens-heading" className="space-y-2">
        <h2 id="tokens-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Your tokens
        </h2>
        {tokens.isError ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300">
            Could not load your tokens: {tokens.error.message}
          </p>
        ) : !tokens.data ? (
          <p className="rounded-lg border border-slate-200 p-6 text-center text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">Loading…</p>
        ) : tokens.data.tokens.length === 0 ? (
          <p data-testid="tokens-empty" className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No tokens yet.
          </p>
        ) : (
          <ul data-testid="token-list" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {tokens.data.tokens.map((t) => (
              <TokenRow key={t.id} token={t} now={now} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function TokenRow({ token, now }: { token: PersonalToken; now: number }) {
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState(false);
  const expired = token.expires_at !== null && Date.parse(token.expires_at) <= now;
  return (
    <li data-testid="token-row" data-name={token.name} className="flex flex-wrap items-start gap-x-3 gap-y-2 px-4 py-3 text-sm">
      <div className="min-w-0 flex-1 basis-60">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium text-slate-900 dark:text-slate-100">{token.name}</span>
          <code className="text-xs text-slate-500 dark:text-slate-400">{token.token_prefix}…</code>
          {expired && <span className="inline-flex h-5 items-center rounded bg-red-50 px-1.5 text-[11px] font-semibold text-red-700 ring-1 ring-red-600/25 ring-inset dark:bg-red-500/15 dark:text-red-300">Expired</span>}
        </div>
        <div className="mt-0.5 flex flex-wrap gap-1">
          {token.scopes.map((s) => (
            <code key={s} className="rounded bg-slate-100 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
              {s}
            </code>
          ))}
        </div>
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          Created <RelativeTime iso={token.created_at} now={now} /> · last used {token.last_used_at ? <RelativeTime iso={token.last_used_at} now={now} /> : 'never'} ·{' '}
          {token.expires_at ? (
            <>
              {expired ? 'expired' : 'expires'} <RelativeTime iso={token.expires_at} now={now} />
            </>
          ) : (
            'never expires'
          )}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {confirming ? (
          <>
            <span className="text-xs text-slate-600 dark:text-slate-400">Scripts using it stop working.</span>
            <button
              type="button"
              data-testid="confirm-revoke"
              onClick={() => revoke.mutate(token.id)}
              disabled={revoke.isPending}
              className="inline-flex h-8 items-center rounded-md bg-red-600 px-2.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50"
            >
              Revoke
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-400">
              Cancel
            </button>
          </>
        ) : (
          <button type="button" data-testid="revoke-token" onClick={() => setConfirming(true)} className="text-sm font-medium text-red-700 hover:underline dark:text-red-400">
            Revoke…
          </button>
        )}
      </div>
      {revoke.isError && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          Not revoked: {revoke.error.message}
        </p>
      )}
    </li>
  );
}
