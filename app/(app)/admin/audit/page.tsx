import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AuditLog } from '@/components/admin/audit-log';
import { db } from '@/db/client';
import { listAudit } from '@/lib/admin/audit';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { auditQuerySchema } from '@/lib/validation/admin';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPageView({ searchParams }: Props) {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  const raw = await searchParams;
  const parsed = auditQuerySchema.safeParse({ action: raw.action || undefined });
  const filters = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const page = await listAudit(db, viewer, filters);
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Audit</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Who changed what: rules, silences, alerts, settings, tokens and runs, newest first.</p>
      </div>
      <AuditLog key={filters.action ?? ''} initial={page} action={filters.action ?? null} />
    </div>
  );
}
