import type { Metadata } from 'next';
import { SilenceManager } from '@/components/admin/silence-manager';
import type { SilencePrefill } from '@/components/admin/silence-form';
import { db } from '@/db/client';
import { listSilences, silenceChoices } from '@/lib/admin/silences';
import { requirePageViewer } from '@/lib/auth/viewer';
import { PageHeader } from '@/components/admin/page-header';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Silences · Ops Alerts' };

const PREFILL_KEYS = ['rule_id', 'alert_type', 'severity', 'complaint_reference', 'resource_type', 'resource_id', 'from_alert'] as const;

/** ?rule_id=…&alert_type=…&complaint_reference=… ("Silence similar" on an alert) fills the form in. */
function prefillFrom(params: Record<string, string | string[] | undefined>): SilencePrefill {
  const out: SilencePrefill = {};
  for (const key of PREFILL_KEYS) {
    const value = params[key];
    if (typeof value === 'string' && value.length > 0 && value.length <= 100) out[key] = value;
  }
  return out;
}

export default async function SilencesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageViewer('alerts.manage');
  const [{ silences }, choices] = await Promise.all([listSilences(db, viewer), silenceChoices(db, viewer)]);
  return (
    <div className="space-y-3">
      <PageHeader title="Silences">For planned work or a known problem: matching alerts are still recorded, but nobody is told until the silence ends.</PageHeader>
      <SilenceManager silences={silences} choices={choices} prefill={prefillFrom(await searchParams)} />
    </div>
  );
}
