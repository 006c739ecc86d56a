import type { Metadata } from 'next';
import { AuditLog } from '@/components/admin/audit-log';
import { db } from '@/db/client';
import { listAudit } from '@/lib/admin/audit';
import { requirePageViewer } from '@/lib/auth/viewer';
import { auditQuerySchema } from '@/lib/validation/admin';
import { PageHeader } from '@/components/admin/page-header';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit · Ops Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPageView({ searchParams }: Props) {
  const viewer = await requirePageViewer('alerts.manage');
  const raw = await searchParams;
  const parsed = auditQuerySchema.safeParse({ action: raw.action || undefined });
  const filters = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const page = await listAudit(db, viewer, filters);
  return (
    <div className="space-y-3">
      <PageHeader title="Audit">Who changed what: rules, silences, alerts, settings, tokens and runs, newest first.</PageHeader>
      <AuditLog key={filters.action ?? ''} initial={page} action={filters.action ?? null} />
    </div>
  );
}
