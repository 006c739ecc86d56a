import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RuleEditor } from '@/components/rules/rule-editor';
import { db } from '@/db/client';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { getRule } from '@/lib/alerts/rules';
import { ApiError } from '@/lib/api/problem';
import { requirePageViewer } from '@/lib/auth/viewer';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit rule · Ops Alerts' };

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer('alerts.manage');
  const id = pathIdSchema('Rule').safeParse((await params).id);
  if (!id.success) notFound();
  const rule = await getRule(db, viewer, id.data).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  });
  if (!rule) notFound();
  return <RuleEditor checks={checkCatalog()} rule={rule} />;
}
