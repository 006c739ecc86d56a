'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/notifications/relative-time';
import { fieldClass } from '@/components/ui/field';
import { Switch } from '@/components/ui/switch';
import type { Role } from '@/db/schema';
import { useResendInvite, useRevokeInvite, useUpdatePerson } from '@/lib/hooks/use-people';
import type { AdminUser, InviteLink, UpdateUserInput } from '@/lib/validation/users';
import { requestErrors } from '@/components/ui/request-errors';
import { InviteLinkPanel } from './invite-link-panel';
import { ManagerSelect, ROLE_LABEL, RoleSelect } from './person-fields';
import { primaryButtonClass } from '@/components/ui/button';
import { Labelled } from '@/components/ui/labelled';

const INVITE: Record<AdminUser['invite_status'], { text: string; className: string } | null> = {
  pending: { text: 'Invited', className: 'bg-blue-50 text-blue-700 ring-blue-600/25 dark:bg-blue-500/15 dark:text-blue-300' },
  expired: { text: 'Invite expired', className: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/15 dark:text-amber-300' },
  accepted: null,
  none: null,
};
const badge = 'inline-flex h-5 items-center rounded px-1.5 text-[11px] font-semibold whitespace-nowrap ring-1 ring-inset';
const linkButton = 'text-sm font-medium text-blue-700 hover:underline disabled:opacity-50 dark:text-blue-400';

/** One person: who they are and where they stand; edit role, manager and access; re-send or withdraw their invite. */
export function PersonRow({ person, managers, now, self }: { person: AdminUser; managers: { id: number; name: string }[] | undefined; now: number; self: boolean }) {
  const [editing, setEditing] = useState(false);
  const [link, setLink] = useState<InviteLink | null>(null);
  const resend = useResendInvite();
  const revoke = useRevokeInvite();
  const invite = INVITE[person.invite_status];
  const inviteError = requestErrors(resend.error ?? revoke.error).message;

  return (
    <li data-testid="person-row" data-email={person.email} data-active={person.is_active} className="px-4 py-3 text-sm">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1 basis-56">
          <div className="flex flex-wrap items-center gap-1.5">
            <span className={`font-medium ${person.is_active ? 'text-slate-900 dark:text-slate-100' : 'text-slate-500 line-through dark:text-slate-500'}`}>{person.name}</span>
            {self && <span className="text-xs text-slate-500 dark:text-slate-400">(you)</span>}
            <span className={`${badge} bg-slate-50 text-slate-700 ring-slate-400/30 dark:bg-slate-800 dark:text-slate-300`}>{ROLE_LABEL[person.role]}</span>
            {!person.is_active && <span className={`${badge} bg-red-50 text-red-700 ring-red-600/25 dark:bg-red-500/15 dark:text-red-300`}>Deactivated</span>}
            {invite && person.is_active && (
              <span data-testid="invite-status" className={`${badge} ${invite.className}`}>
                {invite.text}
              </span>
            )}
          </div>
          <p className="truncate text-slate-600 dark:text-slate-400">{person.email}</p>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {person.manager ? `Reports to ${person.manager.name}` : 'No manager'} · added <RelativeTime iso={person.created_at} now={now} />
            {person.invite_status === 'pending' && person.invite_expires_at && (
              <>
                {' '}
                · invite expires <RelativeTime iso={person.invite_expires_at} now={now} />
              </>
            )}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1">
          {person.is_active && !self && (
            <button type="button" data-testid="resend-invite" disabled={resend.isPending} onClick={() => resend.mutate(person.id, { onSuccess: setLink })} className={linkButton}>
              {person.invite_status === 'pending' || person.invite_status === 'expired' ? 'Re-send invite' : 'New sign-in link'}
            </button>
          )}
          {(person.invite_status === 'pending' || person.invite_status === 'expired') && person.is_active && (
            <button type="button" data-testid="revoke-invite" disabled={revoke.isPending} onClick={() => revoke.mutate(person.id, { onSuccess: () => setLink(null) })} className={linkButton}>
              Withdraw invite
            </button>
          )}
          <button type="button" data-testid="edit-person" aria-expanded={editing} onClick={() => setEditing((e) => !e)} className={linkButton}>
            {editing ? 'Close' : 'Edit'}
          </button>
        </div>
      </div>
      {inviteError && (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {inviteError}
        </p>
      )}
      {link && (
        <div className="mt-2">
          <InviteLinkPanel link={link} name={person.name} email={person.email} onClose={() => setLink(null)} />
        </div>
      )}
      {/* not keyed by the person's fields: the refetch after a save must not remount the editor before it closes */}
      {editing && <PersonEditor person={person} managers={managers} onDone={() => setEditing(false)} />}
    </li>
  );
}

/** Role, manager, name and access of one person; saves only what changed. */
function PersonEditor({ person, managers, onDone }: { person: AdminUser; managers: { id: number; name: string }[] | undefined; onDone: () => void }) {
  const update = useUpdatePerson();
  const [name, setName] = useState(person.name);
  const [role, setRole] = useState<Role>(person.role);
  const [managerId, setManagerId] = useState<number | null>(person.manager?.id ?? null);
  const [active, setActive] = useState(person.is_active);
  const patch: UpdateUserInput = {
    ...(name.trim() !== person.name ? { name: name.trim() } : {}),
    ...(role !== person.role ? { role } : {}),
    ...(managerId !== (person.manager?.id ?? null) ? { manager_id: managerId } : {}),
    ...(active !== person.is_active ? { active } : {}),
  };
  const dirty = Object.keys(patch).length > 0;
  const { fields, message } = requestErrors(update.error);
  const switchId = `active-${person.id}`;

  return (
    <form
      data-testid="person-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) update.mutate({ id: person.id, patch }, { onSuccess: onDone });
      }}
      className="mt-3 grid gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-950/50"
    >
      <Labelled label="Name" error={fields.name}>
        <input data-testid="edit-name" className={`w-full ${fieldClass}`} value={name} onChange={(e) => setName(e.target.value)} />
      </Labelled>
      <Labelled label="Role" error={fields.role}>
        <RoleSelect value={role} onChange={setRole} testId="edit-role" />
      </Labelled>
      <Labelled label="Manager" error={fields.manager_id}>
        <ManagerSelect value={managerId} current={person.manager} onChange={setManagerId} options={managers} exclude={person.id} testId="edit-manager" invalid={!!fields.manager_id} />
      </Labelled>
      <div className="flex flex-col gap-1 text-sm">
        <span id={switchId} className="font-medium text-slate-800 dark:text-slate-200">
          Access
        </span>
        <div className="flex h-9 items-center gap-2">
          <Switch on={active} onChange={setActive} labelledBy={switchId} testId="edit-active" />
          <span className="text-slate-700 dark:text-slate-300">{active ? 'Active: can sign in' : 'Deactivated: signed out everywhere'}</span>
        </div>
      </div>
      {!active && person.is_active && (
        <p className="text-xs text-amber-800 sm:col-span-2 dark:text-amber-300">
          Saving ends {person.name}’s sessions at once, skips messages still waiting for them and withdraws their invite. Their alerts go to their manager.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button
          type="submit"
          data-testid="save-person"
          disabled={!dirty || update.isPending}
          className={primaryButtonClass}
        >
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onDone} className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-400">
          Cancel
        </button>
        <p role="alert" data-testid="person-error" className="text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      </div>
    </form>
  );
}
