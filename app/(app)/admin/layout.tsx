import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

/** The admin area: rules, jobs, deliveries; a 404 for anyone without alerts.manage. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  return (
    <div className="space-y-4">
      <AdminTabs />
      {children}
    </div>
  );
}
