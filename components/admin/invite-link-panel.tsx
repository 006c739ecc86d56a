'use client';

import { RelativeTime } from '@/components/notifications/relative-time';
import { CopyField } from '@/components/ui/copy-button';
import { useNow } from '@/lib/hooks/use-now';
import type { InviteLink } from '@/lib/validation/users';

/** A fresh invite link, shown once to the admin with a copy button, and whether it was also emailed. */
export function InviteLinkPanel({ link, name, email, onClose }: { link: InviteLink; name: string; email: string; onClose: () => void }) {
  const now = useNow();
  return (
    <div data-testid="invite-link" role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-500/40 dark:bg-emerald-500/10">
      <div className="flex items-start justify-between gap-2">
        <p className="font-medium text-emerald-900 dark:text-emerald-200">Invite link for {name}</p>
        <button type="button" onClick={onClose} className="text-xs font-medium text-emerald-800 hover:underline dark:text-emerald-300">
          Done
        </button>
      </div>
      <p className="mt-0.5 mb-2 text-xs text-emerald-900/80 dark:text-emerald-200/80">
        {link.emailed ? `Emailed to ${email}. ` : `Not emailed (email is not set up here, or it could not be sent): send it to ${email} yourself. `}
        It works once and expires <RelativeTime iso={link.expires_at} now={now} />.
      </p>
      <CopyField value={link.invite_url} label={`Invite link for ${name}`} testId="invite-url" />
    </div>
  );
}
