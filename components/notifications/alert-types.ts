const LABELS: Record<string, string> = {
  sla_breach: 'SLA breached',
  sla_at_risk: 'SLA at risk',
  critical_complaint: 'Critical complaint',
  high_workload: 'High workload',
  escalated_complaint: 'Escalated complaint',
  critical_unassigned: 'Unassigned critical',
  high_priority_queue: 'High-priority queue',
  payment_failures: 'Payment failures',
  kpi_threshold: 'KPI threshold',
  daily_summary: 'Daily summary',
  cron_deadman: 'Missed cron run',
  circuit_breaker_opened: 'Circuit breaker',
};

/** A person-readable name for an alert type; unknown types read as their words ("disk_full" → "Disk full"). */
export function alertTypeLabel(type: string): string {
  if (LABELS[type]) return LABELS[type];
  const words = type.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
