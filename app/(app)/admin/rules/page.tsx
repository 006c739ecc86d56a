import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RuleList } from '@/components/rules/rule-list';
import { db } from '@/db/client';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { listRules } from '@/lib/alerts/rules';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Rules · Ops Alerts' };

export default async function RulesPage() {
  const viewer = await requireViewer();
  if (!can(viewer, 'alerts.manage')) notFound();
  const rules = await listRules(db, viewer);
  const labels = Object.fromEntries(checkCatalog().map((c) => [c.name, c.label]));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">Alert rules</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">What the checks and incoming events turn into alerts, for whom, and how loudly.</p>
        </div>
        <Link
          href="/admin/rules/new"
          data-testid="new-rule"
          className="inline-flex h-9 items-center rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-800 dark:bg-slate-100 dark:text-slate-900"
        >
          New rule
        </Link>
      </div>
      <RuleList rules={rules} checkLabels={labels} />
    </div>
  );
}
