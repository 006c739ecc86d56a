import type { Metadata } from 'next';
import { AuthShell, DeadLink } from '@/components/auth/auth-shell';
import { PasswordForm } from '@/components/auth/password-form';
import { db } from '@/db/client';
import { describeSetupLink } from '@/lib/auth/setup';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up · Ops Alerts', referrer: 'no-referrer' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** First run outside demo mode: the link `npm start` printed creates the first admin, once. */
export default async function SetupPage({ searchParams }: Props) {
  const raw = (await searchParams).token;
  const token = typeof raw === 'string' ? raw : '';
  const state = await describeSetupLink(db, token);
  if (state === 'done') {
    return (
      <AuthShell title="Ops Alerts is already set up" lead="An admin account exists.">
        <DeadLink testId="setup-done">Sign in with your account. New people join through an invite from an admin (Admin → People).</DeadLink>
      </AuthShell>
    );
  }
  if (state !== 'valid') {
    return (
      <AuthShell title="This setup link does not work" lead={state === 'expired' ? 'It has expired.' : state === 'unknown' ? 'It is incomplete or unknown.' : 'A newer one has replaced it, or it was used.'}>
        <DeadLink testId="setup-invalid">
          Restart the server (<code className="text-xs">npm start</code>): it prints a new setup link, and writes it to <code className="text-xs">setup-url.txt</code> in its data directory.
        </DeadLink>
      </AuthShell>
    );
  }
  return (
    <AuthShell title="Set up Ops Alerts" lead="Create the first admin account. You can invite the rest of the team afterwards.">
      <PasswordForm kind="setup" token={token} />
    </AuthShell>
  );
}
