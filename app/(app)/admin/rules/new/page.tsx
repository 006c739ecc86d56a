import type { Metadata } from 'next';
import { RuleEditor } from '@/components/rules/rule-editor';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { requirePageViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New rule · Ops Alerts' };

export default async function NewRulePage() {
  await requirePageViewer('alerts.manage');
  return <RuleEditor checks={checkCatalog()} rule={null} />;
}
