import type { Metadata } from 'next';
import { AuthShell, DeadLink } from '@/components/auth/auth-shell';
import { PasswordForm } from '@/components/auth/password-form';
import { db } from '@/db/client';
import { describeInvite } from '@/lib/auth/invites';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your invitation · Ops Alerts', referrer: 'no-referrer' };

const GONE = {
  expired: ['This invite link has expired', 'Invite links work for 72 hours. Ask your admin to send you a new one.'],
  used: ['This invite link has been used', 'If you set your password with it, sign in. Otherwise ask your admin for a new link.'],
  revoked: ['This invite link was withdrawn', 'A newer link may have replaced it. Ask your admin for a new one.'],
  unknown: ['This invite link does not work', 'Check that you opened the whole link from your invitation, or ask your admin for a new one.'],
} as const;

type Props = { params: Promise<{ token: string }> };

/** An invited person sets their password here (the link is their credential), then lands in the app. */
export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const { state, user } = await describeInvite(db, token);
  if (state !== 'valid' || !user) {
    const [title, what] = GONE[state === 'valid' ? 'unknown' : state];
    return (
      <AuthShell title={title} lead="Nothing has changed.">
        <DeadLink testId="invite-invalid">{what}</DeadLink>
      </AuthShell>
    );
  }
  return (
    <AuthShell title={`Welcome, ${user.name}`} lead="You have been invited to Ops Alerts. Choose a password to sign in.">
      <PasswordForm kind="invite" token={token} email={user.email} name={user.name} />
    </AuthShell>
  );
}
