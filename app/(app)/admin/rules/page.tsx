import type { Metadata } from 'next';
import Link from 'next/link';
import { RuleList } from '@/components/rules/rule-list';
import { db } from '@/db/client';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { listRules } from '@/lib/alerts/rules';
import { requirePageViewer } from '@/lib/auth/viewer';
import { PageHeader } from '@/components/admin/page-header';
import { primaryButtonClass } from '@/components/ui/button';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Rules · Ops Alerts' };

export default async function RulesPage() {
  const viewer = await requirePageViewer('alerts.manage');
  const rules = await listRules(db, viewer);
  const labels = Object.fromEntries(checkCatalog().map((c) => [c.name, c.label]));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Alert rules"
        action={
          <Link
            href="/admin/rules/new"
            data-testid="new-rule"
            className={primaryButtonClass}
          >
            New rule
          </Link>
        }
      >
        What the checks and incoming events turn into alerts, for whom, and how loudly.
      </PageHeader>
      <RuleList rules={rules} checkLabels={labels} />
    </div>
  );
}
