'use client';

import { useState, type FormEvent } from 'react';
import { fieldClass } from '@/components/ui/field';
import type { Role } from '@/db/schema';
import { useAddPerson, useManagerOptions } from '@/lib/hooks/use-people';
import { createUserSchema, type CreatedUser } from '@/lib/validation/users';
import { requestErrors } from '@/components/ui/request-errors';
import { InviteLinkPanel } from './invite-link-panel';
import { ManagerSelect, ROLE_HINT, RoleSelect } from './person-fields';
import { Labelled } from '@/components/ui/labelled';
import { SubmitRow } from '@/components/ui/submit-row';

/** Add a person: who, which role, whose report; then their invite link, to copy (and emailed when email is set up). */
export function AddPersonForm({ onClose }: { onClose: () => void }) {
  const add = useAddPerson();
  const managers = useManagerOptions();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [managerId, setManagerId] = useState<number | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedUser | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = createUserSchema.safeParse({ email, name, role, manager_id: managerId });
    if (!parsed.success) {
      setLocal(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
      return;
    }
    setLocal({});
    add.mutate(parsed.data, {
      onSuccess: (result) => {
        setCreated(result);
        setEmail('');
        setName('');
        setManagerId(null);
      },
    });
  };
  const server = requestErrors(add.error);
  const errors = { ...server.fields, ...local };

  return (
    <section aria-labelledby="add-person-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 id="add-person-heading" className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            Add a person
          </h2>
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">They get a one-time link to set their password.</p>
        </div>
        <button type="button" onClick={onClose} className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-400">
          Close
        </button>
      </div>
      {created && (
        <div className="mt-3">
          <InviteLinkPanel link={created} name={created.user.name} email={created.user.email} onClose={() => setCreated(null)} />
        </div>
      )}
      <form onSubmit={submit} noValidate className="mt-3 grid gap-3 sm:grid-cols-2">
        <Labelled label="Email" error={errors.email}>
          <input data-testid="person-email" type="email" autoComplete="off" className={`w-full ${fieldClass}`} aria-invalid={!!errors.email || undefined} value={email} onChange={(e) => setEmail(e.target.value)} />
        </Labelled>
        <Labelled label="Name" error={errors.name}>
          <input data-testid="person-name" autoComplete="off" className={`w-full ${fieldClass}`} aria-invalid={!!errors.name || undefined} value={name} onChange={(e) => setName(e.target.value)} />
        </Labelled>
        <Labelled label="Role" error={errors.role ?? undefined}>
          <RoleSelect value={role} onChange={setRole} testId="person-role" />
          <span className="text-xs text-slate-500 dark:text-slate-400">{ROLE_HINT[role]}</span>
        </Labelled>
        <Labelled label="Manager" error={errors.manager_id}>
          <ManagerSelect value={managerId} onChange={setManagerId} options={managers.data} testId="person-manager" invalid={!!errors.manager_id} />
        </Labelled>
        <SubmitRow testId="add-person-submit" pending={add.isPending} label="Add and get invite link" pendingLabel="Adding…" error={server.message} className="sm:col-span-2" />
      </form>
    </section>
  );
}
