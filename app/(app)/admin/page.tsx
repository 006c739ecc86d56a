import { redirect } from 'next/navigation';
import { requirePageViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';

/** /admin opens the first admin tab; without alerts.manage it does not exist (404), as every admin page. */
export default async function AdminIndex() {
  await requirePageViewer('alerts.manage');
  redirect('/admin/rules');
}
