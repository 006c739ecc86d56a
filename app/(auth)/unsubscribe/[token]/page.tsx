import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthShell } from '@/components/auth/auth-shell';
import { db } from '@/db/client';
import { BAD_UNSUBSCRIBE_LINK, describeUnsubscribe } from '@/lib/alerts/digest-unsubscribe';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Email digest · Ops Alerts', referrer: 'no-referrer', robots: { index: false } };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const settingsLink = (
  <Link href="/settings" className="inline-flex h-10 w-full items-center justify-center rounded-md border border-slate-300 font-semibold hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
    Notification settings
  </Link>
);

/**
 * The digest email's "turn it off" link: opening it changes nothing (link scanners open links), the
 * button posts to the one-click endpoint, which turns the digest off and comes back here.
 */
export default async function UnsubscribePage({ params, searchParams }: Props) {
  const { token } = await params;
  const done = (await searchParams).done === '1';
  const person = await describeUnsubscribe(db, token);
  if (!person) {
    return (
      <AuthShell title="This link does not work" lead="Nothing has changed.">
        <div data-testid="unsubscribe-invalid" className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
          <p>{BAD_UNSUBSCRIBE_LINK}</p>
          {settingsLink}
        </div>
      </AuthShell>
    );
  }
  if (person.frequency === 'off') {
    return (
      <AuthShell title={done ? 'Digest turned off' : 'Your digest is off'} lead={<span className="break-all">{person.email}</span>}>
        <div data-testid="unsubscribe-done" className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
          <p>You will get no more digests. Alerts you receive by email come one at a time again, as your settings allow.</p>
          {settingsLink}
        </div>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Turn off your email digest?" lead={<span className="break-all">{person.email}</span>}>
      <form method="post" action={`/api/v1/digests/unsubscribe/${encodeURIComponent(token)}?from=page`} className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
        <p>
          You get a {person.frequency} digest of your unread alerts. Turned off, alerts you receive by email come one at a time again, as your settings
          allow.
        </p>
        <button
          type="submit"
          data-testid="unsubscribe-confirm"
          className="inline-flex h-10 w-full items-center justify-center rounded-md bg-slate-900 font-semibold text-white hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
        >
          Turn off the digest
        </button>
      </form>
    </AuthShell>
  );
}
