import { lookupTable } from '@/lib/lookup';

/** What the database knows about a group's resource, for its readable label. */
export type ResourceParts = {
  type: string;
  id: string;
  /** complaints: reference and title, when the complaint still exists */
  reference?: string | null;
  title?: string | null;
  /** 'user' resources (workload): the person's name */
  userName?: string | null;
  /** an alert without a resource: its own title */
  alertTitle?: string | null;
};

// resource ids can come from an API caller: `constructor` is not a queue
const QUEUES = lookupTable({ high_priority: 'High-priority queue' });

/**
 * A label a person reads at a glance, from what the checks put in resource_type/resource_id:
 * `C-1042 · Invoice charged twice`, `stripe` (payment provider), `checkout_latency_p95` (metric).
 */
export function resourceLabel(p: ResourceParts): string {
  switch (p.type) {
    case 'complaint':
      return p.reference ? (p.title ? `${p.reference} · ${p.title}` : p.reference) : `Complaint ${p.id}`;
    case 'payment_provider':
      return p.id === 'all' ? 'All payment providers' : p.id;
    case 'metric':
      return p.id;
    case 'user':
      return p.userName ? `${p.userName} · workload` : `User ${p.id}`;
    case 'queue':
      return QUEUES[p.id] ?? `Queue ${p.id}`;
    case 'cron_job':
      return `Job ${p.id}`;
    case 'summary':
      return `Summary ${p.id}`;
    case 'alert':
      return p.alertTitle ?? `Alert ${p.id}`;
    default:
      return p.id ? `${p.type} ${p.id}` : p.type;
  }
}

/** The kind of resource, as a short caption over the label. */
export function resourceKind(type: string): string {
  return (
    {
      complaint: 'Complaint',
      payment_provider: 'Payments',
      metric: 'Metric',
      user: 'Workload',
      queue: 'Queue',
      cron_job: 'Job',
      summary: 'Summary',
      alert: 'Alert',
      event: 'Event',
    }[type] ?? type.replace(/[_.]/g, ' ')
  );
}
