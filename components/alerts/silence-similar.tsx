import Link from 'next/link';
import type { AlertDetail } from '@/lib/validation/alert-responses';

/** Where "Silence similar" leads: the silence form filled in with this alert's rule, type and resource (a complaint by its reference). */
export function silenceSimilarHref(alert: Pick<AlertDetail, 'id' | 'rule_id' | 'alert_type' | 'resource'>): string {
  const qs = new URLSearchParams({ from_alert: String(alert.id) });
  if (alert.rule_id !== null) qs.set('rule_id', String(alert.rule_id));
  qs.set('alert_type', alert.alert_type);
  const complaint = alert.resource?.complaint;
  // checks key a complaint's alerts by its id (what a reference stands for); events may key them by the reference itself
  if (complaint && alert.resource?.id === String(complaint.id)) qs.set('complaint_reference', complaint.reference);
  else if (alert.resource) {
    qs.set('resource_type', alert.resource.type);
    if (alert.resource.id) qs.set('resource_id', alert.resource.id);
  }
  return `/admin/silences?${qs}`;
}

/** Admins: silence alerts like this one (planned work, a known problem), after seeing what else it would match. */
export function SilenceSimilar({ alert }: { alert: AlertDetail }) {
  return (
    <Link
      href={silenceSimilarHref(alert)}
      data-testid="silence-similar"
      className="inline-flex h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      Silence similar…
    </Link>
  );
}
