import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RuleEditor } from '@/components/rules/rule-editor';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New rule · Ops Alerts' };

export default async function NewRulePage() {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  return <RuleEditor checks={checkCatalog()} rule={null} />;
}
