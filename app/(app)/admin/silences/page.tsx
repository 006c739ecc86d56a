import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SilenceManager } from '@/components/admin/silence-manager';
import { db } from '@/db/client';
import { listSilences } from '@/lib/admin/silences';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Silences · Ops Alerts' };

export default async function SilencesPage() {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  const { silences } = await listSilences(db, viewer);
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Silences</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          For planned work or a known problem: matching alerts are still recorded, but nobody is told until the silence ends.
        </p>
      </div>
      <SilenceManager silences={silences} />
    </div>
  );
}
