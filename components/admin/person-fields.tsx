'use client';

import { fieldClass } from '@/components/ui/field';
import { ROLES, type Role } from '@/db/schema';

export const ROLE_LABEL: Record<Role, string> = { staff: 'Staff', manager: 'Manager', admin: 'Admin' };
/** What each role may do, in a sentence. */
export const ROLE_HINT: Record<Role, string> = {
  staff: 'Staff see the alerts sent to them.',
  manager: 'Managers also see their reports’ alerts and can broadcast.',
  admin: 'Admins manage rules, people and everything else.',
};

export function RoleSelect({ value, onChange, testId }: { value: Role; onChange: (r: Role) => void; testId: string }) {
  return (
    <select title={ROLE_HINT[value]} data-testid={testId} className={`w-full ${fieldClass}`} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </select>
  );
}

/** A manager picker over active people; `exclude` leaves the person themselves out. */
export function ManagerSelect({
  value,
  current,
  onChange,
  options,
  exclude,
  testId,
  invalid,
}: {
  value: number | null;
  current?: { id: number; name: string } | null;
  onChange: (id: number | null) => void;
  options: { id: number; name: string }[] | undefined;
  exclude?: number;
  testId: string;
  invalid?: boolean;
}) {
  const known = options ?? [];
  return (
    <select
      data-testid={testId}
      aria-invalid={invalid || undefined}
      className={`w-full ${fieldClass}`}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">No manager</option>
      {/* the current manager stays listed while the options load, or when no longer among them */}
      {value !== null && !known.some((o) => o.id === value) && <option value={value}>{current?.id === value ? current.name : '…'}</option>}
      {known
        .filter((o) => o.id !== exclude)
        .map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
    </select>
  );
}
