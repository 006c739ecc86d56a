import type { ReactNode } from 'react';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { requirePageViewer } from '@/lib/auth/viewer';

/** The admin area: rules, jobs, deliveries, silences, audit; a 404 for anyone without alerts.manage. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageViewer('alerts.manage');
  return (
    <div className="space-y-4">
      <AdminTabs />
      {children}
    </div>
  );
}
