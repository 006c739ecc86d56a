import type { Metadata } from 'next';
import { SilenceManager } from '@/components/admin/silence-manager';
import { db } from '@/db/client';
import { listSilences } from '@/lib/admin/silences';
import { requirePageViewer } from '@/lib/auth/viewer';
import { PageHeader } from '@/components/admin/page-header';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Silences · Ops Alerts' };

export default async function SilencesPage() {
  const viewer = await requirePageViewer('alerts.manage');
  const { silences } = await listSilences(db, viewer);
  return (
    <div className="space-y-3">
      <PageHeader title="Silences">For planned work or a known problem: matching alerts are still recorded, but nobody is told until the silence ends.</PageHeader>
      <SilenceManager silences={silences} />
    </div>
  );
}
