import { lookupTable } from '@/lib/lookup';

/**
 * The template variables each check puts in its alerts' context (`{{complaint.title}}`), in one
 * place: the rule schema refuses a template naming anything else, and the rule editor lists and
 * flags them as you type. Pure (no SQL), so the browser can use it too. A name ending in `.*`
 * stands for any key under it (an event's own attributes).
 */
const COMPLAINT = [
  'complaint.id',
  'complaint.reference',
  'complaint.title',
  'complaint.priority',
  'complaint.status',
  'complaint.customer_name',
  'complaint.assignee_name',
  'complaint.age_minutes',
];
const SLA = [...COMPLAINT, 'deadline.kind', 'deadline.due_at', 'deadline.minutes_left', 'deadline.minutes_overdue'];

export const TEMPLATE_VARIABLES = lookupTable<readonly string[]>({
  sla_at_risk: SLA,
  sla_breached: SLA,
  critical_complaint: COMPLAINT,
  escalated_complaint: COMPLAINT,
  unassigned_critical: COMPLAINT,
  high_priority_queue: ['queue.waiting', 'queue.threshold'],
  staff_workload: ['staff.id', 'staff.name', 'staff.open_items', 'threshold'],
  payment_failures: ['payments.provider', 'payments.failed', 'payments.total', 'payments.failure_rate_pct', 'payments.window_minutes', 'payments.last_error'],
  kpi_threshold: ['metric.name', 'metric.value', 'metric.aggregate', 'metric.window_minutes', 'metric.samples', 'threshold.op', 'threshold.value', 'no_data'],
  daily_summary: [
    'date',
    'user.name',
    'summary.open_complaints',
    'summary.critical_open',
    'summary.breached',
    'summary.alerts_24h',
    'summary.failed_payments_24h',
    'summary.my_open',
  ],
  cron_deadman: ['job.name', 'job.interval_minutes', 'job.last_success', 'job.last_status', 'job.last_error'],
  event_match: ['event.event_type', 'event.title', 'event.message', 'event.severity', 'event.status', 'event.fingerprint', 'event.resource.type', 'event.resource.id', 'event.attributes.*'],
});

// the same token syntax as renderTemplate and renderSql (lib/alerts/render.ts)
const TOKEN = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;

/** The variable names a template uses, in order of first use, each once. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(TOKEN)].map((m) => m[1]!))];
}

const known = (name: string, provided: readonly string[]) =>
  provided.some((p) => (p.endsWith('.*') ? name.startsWith(p.slice(0, -1)) && name.length > p.length - 1 : p === name));

/** The variables of `template` that `check` does not provide; none for a check this module does not know (that is refused elsewhere). */
export function unknownTemplateVariables(check: string, template: string): string[] {
  const provided = TEMPLATE_VARIABLES[check];
  if (!provided) return [];
  return templateVariables(template).filter((v) => !known(v, provided));
}

/** The closest provided variable to a misspelt one, when it is close enough to be a typo. */
export function suggestVariable(check: string, name: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const p of TEMPLATE_VARIABLES[check] ?? []) {
    if (p.endsWith('.*')) continue;
    const d = editDistance(name, p);
    if (d < bestDistance) [best, bestDistance] = [p, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

/** A sentence for the unknown variables of one template field, e.g. the title. */
export function unknownVariablesMessage(check: string, field: string, unknown: string[]): string {
  const list = unknown.map((v) => `{{${v}}}`).join(', ');
  const one = unknown.length === 1;
  const hint = one ? suggestVariable(check, unknown[0]!) : null;
  return `The ${field} uses ${list}, which ${one ? 'is not a variable' : 'are not variables'} of this check${hint ? `; did you mean {{${hint}}}?` : '.'}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
